export type { PathScope } from './scope.ts';
export type { ParsedPath, PathSegment, PathRoot, FilterExpression } from './pathAst.ts';
export { parsePath } from './parsePath.ts';
export { readPath, queryPath, type PathQueryResult } from './readPath.ts';
export { writeResultPath } from './writeResultPath.ts';
export { applyPayloadTemplate } from './applyPayloadTemplate.ts';
