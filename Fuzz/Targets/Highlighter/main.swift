import Foundation
import FuzzDriver

exit(sitegen_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv) { data, size in
    fuzzHighlighter(UnsafeBufferPointer(start: data, count: size))
    return 0
})
