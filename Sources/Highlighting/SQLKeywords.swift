extension Highlighter {
    /// The words `SQLLexer` highlights: the keywords and type names common to PostgreSQL,
    /// MySQL/MariaDB and SQLite, matched without regard to case as SQL does.
    enum SQLKeywords {
        static let literals = WordSet(["true", "false", "null", "unknown"], caseInsensitive: true)

        static let keywords = WordSet([
            // Statements and clauses
            "select", "from", "where", "and", "or", "not", "in", "is", "as", "on", "using", "join", "inner",
            "outer", "left", "right", "full", "cross", "natural", "lateral", "group", "by", "order", "having",
            "limit", "offset", "fetch", "first", "next", "rows", "row", "only", "union", "intersect", "except",
            "all", "any", "some", "distinct", "exists", "between", "like", "ilike", "similar", "escape", "case",
            "when", "then", "else", "end", "asc", "desc", "nulls", "last", "with", "recursive", "insert", "into",
            "values", "update", "set", "delete", "returning", "merge", "matched", "upsert", "conflict", "do",
            "nothing", "replace", "ignore", "duplicate", "key", "create", "alter", "drop", "truncate", "rename",
            "to", "add", "column", "table", "view", "materialized", "index", "unique", "primary", "foreign",
            "references", "constraint", "check", "default", "cascade", "restrict", "temporary", "temp", "if",
            "schema", "database", "sequence", "trigger", "function", "procedure", "returns", "return", "language",
            "begin", "commit", "rollback", "savepoint", "release", "transaction", "start", "work", "grant",
            "revoke", "privileges", "usage", "role", "user", "password", "identified", "owner", "extension", "type",
            "domain", "collate", "tablespace", "analyze", "explain", "vacuum", "show", "describe", "use", "call",
            "execute", "prepare", "deallocate", "declare", "cursor", "for", "each", "statement", "before", "after",
            "instead", "of", "over", "partition", "window", "range", "preceding", "following", "unbounded",
            "current", "filter", "within", "generated", "always", "identity", "auto_increment", "serial",
            "bigserial", "engine", "charset", "character", "varying", "zone", "time", "timestamp", "timestamptz",
            "date", "interval", "cast", "listen", "notify", "copy", "stdin", "stdout", "csv", "delimiter", "flush",
            "reset", "lock", "share", "no", "deferrable", "initially", "deferred", "immediate", "valid", "enable",
            "disable", "login", "superuser", "createdb", "createrole", "replication", "inherit", "connection",
            "local", "kill", "load", "infile", "outfile", "pragma", "attach", "detach", "without", "oids",
            "plpgsql", "loop", "while", "exit", "raise", "notice", "exception", "perform", "elsif", "open", "close",
            "strict", "immutable", "stable", "volatile", "security", "definer", "invoker", "array",
            // Types
            "int", "integer", "smallint", "bigint", "tinyint", "mediumint", "decimal", "numeric", "real", "float",
            "double", "precision", "boolean", "bool", "char", "varchar", "text", "tinytext", "mediumtext",
            "longtext", "blob", "bytea", "json", "jsonb", "uuid", "xml", "inet", "cidr", "datetime", "year", "enum",
            "bit", "binary", "varbinary", "unsigned", "signed", "zerofill",
        ], caseInsensitive: true)
    }
}
