import Mustache

// Page models hand templates plain strings and numbers. swift-mustache renders a value it does
// not know by trying three protocol casts and then `String(describing:)`, each of them a
// dynamic cast in the runtime, and a build renders a few hundred thousand values. Conforming
// the scalars to `MustacheCustomRenderable` makes the second cast succeed with the text
// itself: the same output, fewer casts. `isNull` keeps the default (false), so sections over
// these values behave as they do without the conformance.

extension String: @retroactive MustacheCustomRenderable {
    public var renderText: String { self }
    public var isNull: Bool { false }
}

extension Int: @retroactive MustacheCustomRenderable {
    public var renderText: String { String(self) }
    public var isNull: Bool { false }
}
