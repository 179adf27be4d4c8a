import Foundation
import Testing
import Fernet
import TestSupport

/// Tokens must cross between this project and Python's `cryptography.fernet` in both directions,
/// because other tools mint and read them (DESIGN.md §7).
@Suite(.enabled(if: Python.hasFernet, "python3 with the cryptography module is not installed"))
struct PythonInteropTests {
    @Test func pythonReadsOurToken() throws {
        let key = FernetKey.generate()
        let token = Fernet(keys: [key]).encrypt(Data(#"{"a":"cancel"}"#.utf8))
        let output = try Python.run(
            "import sys; from cryptography.fernet import Fernet; print(Fernet(sys.argv[1]).decrypt(sys.argv[2], ttl=600).decode())",
            key.base64URL, token)
        #expect(output == #"{"a":"cancel"}"#)
    }

    @Test func weReadPythonsToken() throws {
        let key = FernetKey.generate()
        let token = try Python.run(
            "import sys; from cryptography.fernet import Fernet; print(Fernet(sys.argv[1]).encrypt(b'hello from python').decode())",
            key.base64URL)
        #expect(try Fernet(keys: [key]).decrypt(token, ttl: 600) == Data("hello from python".utf8))
    }

    @Test func pythonAcceptsOurKey() throws {
        let key = FernetKey.generate()
        let output = try Python.run(
            "import sys; from cryptography.fernet import Fernet; Fernet(sys.argv[1]); print('ok')", key.base64URL)
        #expect(output == "ok")
    }
}
