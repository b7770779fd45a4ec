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
    /// ``field(_:)-(String)`` for a name known to the page models: what the compiled templates
    /// ask when they can.
    func field(_ key: FieldName) -> TemplateValue?
    /// ``field(_:)`` of the value of this type stored at `address`, read in place (a
    /// requirement, not only an extension method, so that each model gets a specialized
    /// witness: the generic version copied the whole value to call `field`).
    static func field(_ name: String, at address: UnsafeRawPointer) -> TemplateValue?
    static func field(_ key: FieldName, at address: UnsafeRawPointer) -> TemplateValue?
}

extension TemplateFields {
    func child(named name: String) -> Any? {
        field(name)?.anyValue
    }

    func field(_ key: FieldName) -> TemplateValue? {
        field(key.rawValue)
    }

    static func field(_ key: FieldName, at address: UnsafeRawPointer) -> TemplateValue? {
        address.assumingMemoryBound(to: Self.self).pointee.field(key)
    }

    /// ``field(_:)`` of the value of this type stored at `address`, read in place.
    ///
    /// The compiled renderer walks a list's elements where the array keeps them: boxing each
    /// one in an `any TemplateFields` would copy every field of every row (a retain and a
    /// release each) and allocate a box.
    static func field(_ name: String, at address: UnsafeRawPointer) -> TemplateValue? {
        address.assumingMemoryBound(to: Self.self).pointee.field(name)
    }
}

/// A page model whose lookups switch over ``FieldName``: the name's text goes through it too.
protocol KeyedTemplateFields: TemplateFields {}

extension KeyedTemplateFields {
    func field(_ name: String) -> TemplateValue? {
        FieldName(rawValue: name).flatMap { field($0) }
    }
}

/// A list of page models, walked by a section without boxing the whole array or its elements.
protocol TemplateList {
    var count: Int { get }
    var anyValue: Any { get }
    /// Calls `body` with the address and type of each element in turn. The address is valid
    /// only during that call.
    func forEachElement(_ body: (UnsafeRawPointer, any TemplateFields.Type) -> Void)
}

extension Array: TemplateList where Element: TemplateFields {
    var anyValue: Any { self }

    func forEachElement(_ body: (UnsafeRawPointer, any TemplateFields.Type) -> Void) {
        withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for index in buffer.indices {
                body(UnsafeRawPointer(base + index), Element.self)
            }
        }
    }
}
