import Mustache

// Page models hand templates plain strings and numbers. swift-mustache renders a value it does
// not know by trying three protocol casts and then `String(describing:)`, each of them a
// dynamic cast in the runtime; with a few hundred thousand values per build that was a tenth
// of the template time. Conforming the scalars to `MustacheCustomRenderable` makes the second
// cast succeed with the text itself: the same output, fewer casts. `isNull` keeps the default
// (false), so sections over these values behave as before.

extension String: @retroactive MustacheCustomRenderable {
    public var renderText: String { self }
    public var isNull: Bool { false }
}

extension Int: @retroactive MustacheCustomRenderable {
    public var renderText: String { String(self) }
    public var isNull: Bool { false }
}
