/** Types of schemaCheck.js, for the tests. */
export function schemaProblems(schema: unknown, value: unknown, path?: string): Array<{ path: string; message: string }>;
