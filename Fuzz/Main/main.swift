import Foundation
import FuzzDriver
import FuzzTargets

// `Fuzz TARGET [libFuzzer flags] [corpus folders]`: runs one target under libFuzzer when built
// with `-sanitize=fuzzer` (see scripts/fuzz), or replays the given inputs once otherwise.

/// The target for the C callback, which cannot capture; set once before fuzzing starts.
nonisolated(unsafe) var chosen = FuzzTarget.form

let arguments = CommandLine.arguments
guard arguments.count > 1, let target = FuzzTarget(rawValue: arguments[1]) else {
    let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
    FileHandle.standardError.write(Data("usage: Fuzz TARGET [libFuzzer flags] [corpus folders]; targets: \(names)\n".utf8))
    exit(2)
}
chosen = target

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    chosen.run(data.map { Data(bytes: $0, count: size) } ?? Data())
    return 0
}

// libFuzzer reads its own flags from argv; the target's name is not one of them.
var argc = CommandLine.argc - 1
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
argv![1] = argv![0]
argv = argv! + 1
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))
