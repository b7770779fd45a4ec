import Foundation
import FuzzDriver

exit(sitegen_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv) { data, size in
    fuzzContent(UnsafeBufferPointer(start: data, count: size))
    return 0
})
