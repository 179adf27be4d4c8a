import Calendly
import Foundation
import Testing

@Suite("Webhook signatures")
struct SignatureTests {
    let key = "dsvJ3pPSmfCIy6qbO-N7X9bjLgR0uCtNUvkAx3dvSqc"
    let body = Data(#"{"event":"invitee.created","payload":{"name":"Asha Rao"}}"#.utf8)
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("a signed body verifies, and the header has Calendly's shape")
    func roundTrip() throws {
        let header = CalendlyWebhookSignature.sign(body: body, signingKey: key, timestamp: now)
        #expect(header.wholeMatch(of: #/t=1795000000,v1=[0-9a-f]{64}/#) != nil)
        let signedAt = try CalendlyWebhookSignature.verify(header: header, body: body, signingKey: key, now: now)
        #expect(signedAt == now)
        let bytes = CalendlyWebhookSignature.sign(body: Array(body), signingKey: key, timestamp: now)
        #expect(bytes == header)
    }

    @Test("the MAC is HMAC-SHA256 of \"<t>.<body>\", as in Calendly's documentation")
    func knownVector() {
        // Computed with openssl: printf '1795000000.{}' | openssl dgst -sha256 -hmac secret
        let header = CalendlyWebhookSignature.sign(body: Data("{}".utf8), signingKey: "secret", timestamp: now)
        #expect(header == "t=1795000000,v1=6b4c7e66d3b69c810f27c4aa67ee370757d4dfdabf1fbb338ea7cf6aba9e0494")
    }

    @Test("a changed body or another key is a mismatch")
    func tampering() {
        let header = CalendlyWebhookSignature.sign(body: body, signingKey: key, timestamp: now)
        var changed = body
        changed[changed.count - 3] = UInt8(ascii: "b")
        #expect(throws: CalendlySignatureError.mismatch) {
            try CalendlyWebhookSignature.verify(header: header, body: changed, signingKey: key, now: now)
        }
        #expect(throws: CalendlySignatureError.mismatch) {
            try CalendlyWebhookSignature.verify(header: header, body: body, signingKey: key + "x", now: now)
        }
        let otherTime = header.replacingOccurrences(of: "t=1795000000", with: "t=1795000001")
        #expect(throws: CalendlySignatureError.mismatch) {
            try CalendlyWebhookSignature.verify(header: otherTime, body: body, signingKey: key, now: now)
        }
    }

    @Test("signed four minutes ago, or four minutes ahead, is stale; two minutes either way is fine")
    func staleness() throws {
        for offset in [-240.0, 240.0] {
            let header = CalendlyWebhookSignature.sign(body: body, signingKey: key, timestamp: now.addingTimeInterval(offset))
            #expect(throws: CalendlySignatureError.stale) {
                try CalendlyWebhookSignature.verify(header: header, body: body, signingKey: key, now: now)
            }
        }
        for offset in [-120.0, 120.0] {
            let header = CalendlyWebhookSignature.sign(body: body, signingKey: key, timestamp: now.addingTimeInterval(offset))
            try CalendlyWebhookSignature.verify(header: header, body: body, signingKey: key, now: now)
        }
        let old = CalendlyWebhookSignature.sign(body: body, signingKey: key, timestamp: now.addingTimeInterval(-240))
        try CalendlyWebhookSignature.verify(header: old, body: body, signingKey: key, now: now, tolerance: 300)
    }

    @Test("a missing or empty header is missing")
    func missing() {
        for header in [nil, "", "   "] as [String?] {
            #expect(throws: CalendlySignatureError.missing) {
                try CalendlyWebhookSignature.verify(header: header, body: body, signingKey: key, now: now)
            }
        }
    }

    @Test("headers that are not t=…,v1=<64 hex> are malformed", arguments: [
        "garbage", "t=1795000000", "v1=\(String(repeating: "a", count: 64))", "t=abc,v1=\(String(repeating: "a", count: 64))",
        "t=1795000000,v1=xyz", "t=1795000000,v1=\(String(repeating: "a", count: 62))", "t=,v1=\(String(repeating: "a", count: 64))",
        "t=1795000000,t=1795000000,v1=\(String(repeating: "a", count: 64))", "t=-1795000000,v1=\(String(repeating: "a", count: 64))",
        "t=1795000000;v1=\(String(repeating: "a", count: 64))",
    ])
    func malformed(_ header: String) {
        #expect(throws: CalendlySignatureError.malformed) {
            try CalendlyWebhookSignature.verify(header: header, body: body, signingKey: key, now: now)
        }
    }

    @Test("spaces, upper-case hex, unknown schemes and a second v1 (key rotation) are accepted")
    func lenientParsing() throws {
        let header = CalendlyWebhookSignature.sign(body: body, signingKey: key, timestamp: now)
        let mac = String(header.split(separator: "v1=")[1])
        let variants = [
            "t=1795000000, v1=\(mac)", "v1=\(mac),t=1795000000", "t=1795000000,v1=\(mac.uppercased())",
            "t=1795000000,v0=abc,v1=\(String(repeating: "0", count: 64)),v1=\(mac)",
        ]
        for variant in variants {
            try CalendlyWebhookSignature.verify(header: variant, body: body, signingKey: key, now: now)
        }
    }
}
