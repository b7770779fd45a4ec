import Mustache

/// One value a page model hands a template, typed, so that ``CompiledTemplates`` can render
/// it without the runtime casts swift-mustache makes on every `Any` it looks up.
///
/// swift-mustache still sees the same values: ``TemplateFields`` answers its
/// `child(named:)` with ``anyValue``, the value the model stores.
enum TemplateValue {
    case text(String)
    case number(Int)
    case flag(Bool)
    case object(any TemplateFields)
    case list(any TemplateList)
    case texts([String])

    /// The value as swift-mustache gets it from `child(named:)`.
    var anyValue: Any {
        switch self {
        case .text(let text): text
        case .number(let number): number
        case .flag(let flag): flag
        case .object(let object): object
        case .list(let list): list.anyValue
        case .texts(let texts): texts
        }
    }

    // Overloads for the page models' lookup switches (`case "title": .of(self.title)`), so the
    // compiler, not the author, picks the case from the property's type.
    static func of(_ value: String) -> TemplateValue? { .text(value) }
    static func of(_ value: String?) -> TemplateValue? { value.map { .text($0) } }
    static func of(_ value: Int) -> TemplateValue? { .number(value) }
    static func of(_ value: Bool) -> TemplateValue? { .flag(value) }
    static func of(_ value: [String]) -> TemplateValue? { .texts(value) }
    static func of(_ value: some TemplateFields) -> TemplateValue? { .object(value) }
    static func of(_ value: (some TemplateFields)?) -> TemplateValue? { value.map { .object($0) } }
    static func of<Element: TemplateFields>(_ value: [Element]) -> TemplateValue? { .list(value) }
}

/// A page model: answers a template's lookup of one name. Nil means "not here" (no such
/// field, or an optional that is empty): the lookup goes on down the context stack, as
/// swift-mustache's does.
protocol TemplateFields: MustacheParent {
    func field(_ name: String) -> TemplateValue?
}

extension TemplateFields {
    func child(named name: String) -> Any? {
        field(name)?.anyValue
    }
}

/// A list of page models, walked by a section without boxing the whole array.
protocol TemplateList {
    var count: Int { get }
    func element(_ index: Int) -> any TemplateFields
    var anyValue: Any { get }
}

extension Array: TemplateList where Element: TemplateFields {
    func element(_ index: Int) -> any TemplateFields { self[index] }
    var anyValue: Any { self }
}
