import Foundation
import FuzzDriver

exit(sitegen_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv) { data, size in
    fuzzRegistryData(UnsafeBufferPointer(start: data, count: size))
    return 0
})
