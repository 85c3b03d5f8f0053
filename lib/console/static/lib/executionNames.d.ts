/** Types of executionNames.js, for the tests. */
export function executionNameFor(workflow: string, key: unknown): Promise<string>;
export function namesForKey(workflow: string, text: string): Promise<string[]>;
