import Foundation
import FuzzDriver

exit(sitegen_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv) { data, size in
    fuzzMarkdown(UnsafeBufferPointer(start: data, count: size))
    return 0
})
