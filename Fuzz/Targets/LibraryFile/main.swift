import Foundation
import FuzzDriver

exit(sitegen_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv) { data, size in
    fuzzLibraryFile(UnsafeBufferPointer(start: data, count: size))
    return 0
})
