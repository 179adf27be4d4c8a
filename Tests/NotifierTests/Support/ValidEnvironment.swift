import TestSupport

/// The shared valid settings, with this target's test-only service-account key.
func validEnvironment() -> [String: String] {
    validEnvironment(serviceAccountFile: fixturePath("service-account.test.json"))
}
