import TestSupport

/// The shared valid settings, with the test-only service-account key.
func validEnvironment() -> [String: String] {
    validEnvironment(serviceAccountFile: Fixtures.serviceAccountKeyPath)
}
