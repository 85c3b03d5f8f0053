/**
 * The parsed form of a JSONPath expression. Kept apart from the parser so the evaluator and the
 * filter-expression code share one vocabulary.
 */

/** Where a path starts: the state input (`$`), the context object (`$$`) or a variable (`$name`). */
export type PathRoot = { kind: 'data' } | { kind: 'context' } | { kind: 'variable'; name: string };

/** One step of a path. */
export type PathSegment =
  /** `.name`, `['name']`, or `['a','b']` (several names). */
  | { kind: 'child'; names: string[] }
  /** `[0]`, `[-1]`, or `[0,2]` (several indexes). */
  | { kind: 'index'; indexes: number[] }
  /** `.*` or `[*]`. */
  | { kind: 'wildcard' }
  /** `[start:end:step]`, each part optional. */
  | { kind: 'slice'; start?: number; end?: number; step?: number }
  /** `[?( ... )]`. */
  | { kind: 'filter'; expression: FilterExpression }
  /** `..` followed by the segment applied at every depth. */
  | { kind: 'descend'; segment: PathSegment };

/** A whole path. `definite` paths name one node; indefinite ones (wildcards, filters...) return arrays. */
export interface ParsedPath {
  readonly source: string;
  readonly root: PathRoot;
  readonly segments: readonly PathSegment[];
  readonly definite: boolean;
}

/** An operand or expression inside a filter `[?( ... )]`. */
export type FilterExpression =
  | { kind: 'literal'; value: unknown }
  | { kind: 'regex'; regex: RegExp }
  /** `@...` (relative to the current item) or `$...` (relative to the root of the document). */
  | { kind: 'path'; relativeTo: 'current' | 'root'; segments: readonly PathSegment[] }
  | { kind: 'not'; operand: FilterExpression }
  | { kind: 'logical'; operator: '&&' | '||'; left: FilterExpression; right: FilterExpression }
  | { kind: 'compare'; operator: FilterOperator; left: FilterExpression; right: FilterExpression };

/** Comparison operators of Jayway JsonPath filters, the dialect AWS implements. */
export type FilterOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | '=~' | 'in' | 'nin';
