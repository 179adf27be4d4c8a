/// A WhatsApp id (`wa_id`, a message's `from`, a status's `recipient_id`) as the number the host
/// dialled. They differ in two places: Mexico's mobiles are `521` + ten digits on WhatsApp and
/// `+52` + ten digits in E.164; Brazil's mobiles got a ninth digit (a `9` after the area code) in
/// 2012-2016, and accounts made before it keep ids without it.
public enum WhatsAppID {
    /// The E.164 number `id` stands for: `5215512345678` → `+525512345678`,
    /// `551187654321` → `+5511987654321`; other ids as they are.
    public static func e164(_ id: String) -> String {
        let digits = String(id.filter(\.isNumber))
        if digits.count == 13, digits.hasPrefix("521") { return "+52" + digits.dropFirst(3) }
        if digits.count == 12, digits.hasPrefix("55") {
            // Area code (two digits), then an eight-digit mobile number starting 6-9: add the nine.
            let local = digits.dropFirst(4)
            if let first = local.first, "6789".contains(first) { return "+55" + digits.dropFirst(2).prefix(2) + "9" + local }
        }
        return "+" + digits
    }

    /// Whether a WhatsApp id and a number are the same attendee.
    public static func same(_ id: String, _ number: String) -> Bool {
        e164(id) == e164(number)
    }
}
