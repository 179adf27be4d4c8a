/// Finds the digit runs in a location, leaving out those that are part of a word, an amount, a
/// labelled code ("Meeting ID: …") or a time.
struct DigitRunScanner {
    /// Characters allowed between the digit groups of one number.
    static let separators: Set<Character> = [" ", "-", ".", "(", ")", "/"]
    /// Words after which digits are an identifier, not a phone number (DESIGN.md §22): references,
    /// meeting ids and passcodes, postcodes; in the languages hosts write their locations in.
    static let labels: Set<String> = [
        "account", "booking", "code", "confirmation", "id", "invoice", "meeting", "order", "passcode",
        "password", "pin", "pwd", "ref", "reference", "reservation", "room", "ticket", "tracking",
        "zoom", "meet", "teams", "webex", "conference", "access", "webinar",
        "zip", "postcode", "postal", "plz", "cep", "cp", "iban", "bic", "swift",
        "case", "claim", "policy", "contract", "serial", "cnpj", "cpf", "nif", "nie", "siret", "vat", "tax", "ssn",
        "kenncode", "senha", "reunión", "reunion", "réunion", "reunião", "riunione", "besprechung", "código", "acceso", "acesso",
        "réf", "rif", "po", "txn", "transaction", "acct", "acc", "utr", "pnr", "bill", "voucher", "coupon", "awb", "receipt",
        "token", "upi", "loan", "challan", "docket", "consumer", "nota", "fiscal", "nf", "boleto", "rg", "matrícula", "processo",
        "chamado", "corrente", "nosso", "az", "aktenzeichen", "kassenzeichen", "vorgangsnummer", "sendung",
        "pedido", "factura", "fatura", "referencia", "reserva", "cuenta", "conta", "protocolo",
        "commande", "facture", "référence", "compte", "dossier",
        "bestellung", "rechnung", "konto", "auftrag", "vorgang", "buchung",
        "ordine", "fattura", "prenotazione", "bestelling", "factuur", "zamówienie", "faktura", "sipariş",
        // Patients' and people's record numbers, which clinics put beside the session: a ten-digit
        // one reads as a valid number under a default country code (a stranger's). Only words that
        // never stand before the attendee's own number: not "patient", "client" or "member".
        // Not "reg", "abha" or "nhi": they are also people's names ("Abha +91 …", found in review).
        "mrn", "uhid", "emr", "ehr", "aadhaar", "aadhar", "nhs", "medicare", "insurance",
        "passport", "licence", "license", "folio", "a/c", "registration", "regn", "roll", "enrolment", "enrollment",
    ]
    /// Labels that are also names: a label only with a word for "number" after them ("Reg No.
    /// 9876543210"); "Reg +44 …" is Reg's number.
    static let namesAsLabels: Set<String> = ["reg"]
    /// Words that only say "number" and stand between a label and its digits ("Order no. …").
    static let numberWords: Set<String> = ["no", "nr", "nº", "n", "num", "number", "numero", "número", "nummer", "núm"]
    /// German compounds ending in "nummer" are references ("Kundennummer"), but for these.
    static let phoneCompounds = ["telefon", "handy", "mobil", "ruf", "whatsapp", "kontakt"]

    let text: [Character]

    init(_ text: [Character]) {
        self.text = text
    }

    /// The runs that may be phone numbers, in the order they appear.
    func runs() -> [DigitRun] {
        var runs: [DigitRun] = []
        var index = 0
        while index < text.count {
            guard let (run, end) = scan(from: index) else {
                index += 1
                continue
            }
            if let run { runs.append(run) }
            index = end
        }
        return runs
    }

    /// Reads the run starting at `start`, if one does: the run (nil when it is not a candidate) and
    /// the index just after its last digit.
    private func scan(from start: Int) -> (run: DigitRun?, end: Int)? {
        var index = start
        let lead = character(at: index) == "(" ? "(" : ""
        index += lead.count
        let hasPlus = character(at: index) == "+"
        if hasPlus { index += 1 }
        guard character(at: index)?.isASCIIDigit == true else { return nil }

        var groups: [String] = [], separators = [lead]
        while true {
            let groupStart = index
            while character(at: index)?.isASCIIDigit == true { index += 1 }
            groups.append(String(text[groupStart..<index]))
            var separator = "", next = index
            // Up to three characters, as in ") - "; a slash only alone, as in the German "030/1234567".
            while separator.count < 3, let found = character(at: next), Self.separators.contains(found) {
                separator.append(found)
                next += 1
            }
            separators.append(separator)
            guard character(at: next)?.isASCIIDigit == true, !separator.contains("/") || separator == "/"
            else { break }
            index = next
        }

        guard !joinsWord(character(at: start - 1)), !joinsWord(character(at: index)), !followsLabel(start),
              !Self.isIPAddress(groups, separators), !Self.isPostcodeOrDecimal(groups, separators, hasPlus: hasPlus)
        else { return (nil, index) }
        var run = DigitRun(groups: groups, separators: separators, hasPlus: hasPlus, span: start..<index)
        run.dropDatesAndTimes(timeBefore: lead.isEmpty && !hasPlus && isTimeColon(at: start - 1),
                              timeAfter: isTimeColon(at: index))
        return (run.groups.isEmpty ? nil : run, index)
    }

    /// Whether a character touching a run makes it part of something else: "221B", "ID12345678",
    /// "€1.234.567", "50%", "#1234567".
    private func joinsWord(_ character: Character?) -> Bool {
        guard let character else { return false }
        return character.isLetter || character.isNumber || character.isCurrencySymbol || "#%@&+".contains(character)
    }

    /// Whether the word before the run (past spaces and ":", "#", ".", and a word such as "no.")
    /// is a label like "ID", "PIN" or "Order", or a reference compound such as "Kundennummer".
    private func followsLabel(_ start: Int) -> Bool {
        var index = start - 1
        for round in 0..<2 {
            while let found = character(at: index), " :#.-()".contains(found) { index -= 1 }
            // "Kunden-Nr.", "Bestell-Nr.": a word joined to "Nr" by a hyphen names a reference.
            let hyphenated = character(at: index + 1) == "-" && character(at: index)?.isLetter == true
            var word = ""
            // "A/c No.": a slash between letters belongs to the word.
            while let found = character(at: index),
                  found.isLetter || found == "/" && character(at: index - 1)?.isLetter == true && character(at: index + 1)?.isLetter == true {
                word.insert(found, at: word.startIndex)
                index -= 1
            }
            let lowercased = word.lowercased()
            if hyphenated, !Self.phoneCompounds.contains(where: lowercased.hasPrefix), !["tel", "fax"].contains(lowercased) { return true }
            if Self.labels.contains(lowercased) || (round == 1 && Self.namesAsLabels.contains(lowercased)) { return true }
            if lowercased.hasSuffix("nummer") || lowercased.hasSuffix("nr") {
                if lowercased.count > 6, !Self.phoneCompounds.contains(where: lowercased.hasPrefix) { return true }
            }
            guard Self.numberWords.contains(lowercased) else { return false }
        }
        return false
    }

    /// A US ZIP+4 ("94105-1234"), a Brazilian CEP ("01310-100"), a decimal such as a map
    /// coordinate ("126.459880"), or a CPF: shaped as no phone number is written.
    static func isPostcodeOrDecimal(_ groups: [String], _ separators: [String], hasPlus: Bool) -> Bool {
        // A Brazilian CPF, "123.456.789-09".
        if groups.map(\.count) == [3, 3, 3, 2], Array(separators[1...3]) == [".", ".", "-"] { return true }
        guard groups.count == 2, !hasPlus else { return false }
        let (first, second, joint) = (groups[0], groups[1], separators[1])
        if joint == "-", first.count == 5, [3, 4].contains(second.count) { return true }
        return joint == "." && first.count <= 3 && !first.hasPrefix("0") && second.count >= 5
    }

    /// Four groups of at most three digits joined by dots, each at most 255, one of three digits
    /// and none with a leading zero: "192.168.100.200", not the Danish "34.41.23.45" or the Swiss
    /// "021.234.54.81".
    static func isIPAddress(_ groups: [String], _ separators: [String]) -> Bool {
        groups.count == 4 && separators.dropFirst().dropLast().allSatisfy { $0 == "." }
            && groups.allSatisfy { $0.count <= 3 && (Int($0) ?? 256) <= 255 && ($0 == "0" || !$0.hasPrefix("0")) }
            && groups.contains { $0.count == 3 }
    }

    /// Whether the character at `index` is the colon of a time such as "15:30".
    private func isTimeColon(at index: Int) -> Bool {
        character(at: index) == ":" && character(at: index - 1)?.isASCIIDigit == true
            && character(at: index + 1)?.isASCIIDigit == true
    }

    private func character(at index: Int) -> Character? {
        text.indices.contains(index) ? text[index] : nil
    }
}
