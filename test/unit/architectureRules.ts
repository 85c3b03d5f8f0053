/**
 * The allowed arrows between Aethon's parts (DESIGN.md, "Layout"). A part is a folder under lib/,
 * or one of the two entry files in bin/. Anything not listed here is refused by
 * architecture.test.ts; a break we have not fixed yet is a named exception below, never a silent
 * entry in the table, so that it shows up in review and the test fails once it is gone.
 */

/**
 * Part -> what it may import. An entry is a part (`compile`) or a folder inside one
 * (`runtime/idempotency`), which allows that folder only. Every part may import itself.
 */
export const ALLOWED_ARROWS: Readonly<Record<string, readonly string[]>> = {
  // What both sides of the wire agree on: no dependencies at all.
  contracts: [],
  // EventBridge entries and patterns, used by the spec checks and the triggers.
  events: ['contracts'],
  // Inside a Lambda: never spec, compile, infra or local, so a bundle has no yaml, zod, CDK or engine.
  runtime: ['contracts'],
  // Helpers for users' tests (mock HTTP services; the hermetic test engine, on lib/local).
  testing: ['contracts', 'local'],
  spec: ['contracts', 'events'],
  // Pure: spec -> ASL.
  compile: ['contracts', 'spec'],
  // Finding workflows/ and building them: below cli, shared by the CDK app, cli, ops and local.
  workspace: ['contracts', 'spec', 'compile'],
  // CDK: the only part that imports aws-cdk-lib. Deploys what compile produced.
  infra: ['contracts', 'spec', 'compile'],
  // The engine; it hosts handlers through the runtime wrapper as the Lambda service would.
  local: ['contracts', 'spec', 'compile', 'workspace', 'runtime'],
  // Operations on AWS and locally; of the runtime only the idempotency records' format.
  ops: ['contracts', 'events', 'spec', 'compile', 'workspace', 'local', 'runtime/idempotency'],
  // The browser console served by `aethon dev`: config and records through the same ops as the CLI.
  console: ['contracts', 'events', 'spec', 'compile', 'workspace', 'ops'],
  // `aethon demo`: scenarios on the local engine with mock services.
  demo: ['contracts', 'local', 'testing'],
  // `aethon dev`: the long-running local control plane over the engine and the operations.
  dev: ['contracts', 'events', 'spec', 'compile', 'workspace', 'local', 'ops', 'runtime', 'console'],
  // Thin commands over the parts below; never infra (CDK stays out of the CLI).
  cli: ['contracts', 'events', 'spec', 'compile', 'workspace', 'local', 'ops', 'demo', 'dev'],
  // The CDK app (cdk.json "app").
  'bin/app': ['contracts', 'spec', 'workspace', 'infra'],
  // The CLI shim: nothing but the CLI. Nothing else imports cli.
  'bin/aethon': ['cli'],
};

/** A known break of a sensible rule, kept visible until it is fixed. */
export interface ArrowException {
  readonly name: string;
  readonly from: string;
  /** A part or a folder/file inside one, as in ALLOWED_ARROWS (`runtime/config`). */
  readonly to: string;
  /** Why it exists and what would remove it. */
  readonly why: string;
}

const CONFIG_VALIDATION_WHY =
  'lib/runtime/config holds the config JSON Schema validator (ajv, re2js) and the file-backed local ' +
  'config store, because a handler uses both; spec (schema checks), ops (validation, the local store), cli ' +
  '(store errors) and demo (flips) reach into it. Fix: a shared lib/config part that runtime, spec, ' +
  'ops and local all use (contracts takes no dependencies, so not there).';

export const ARROW_EXCEPTIONS: readonly ArrowException[] = [
  { name: 'config-validation-in-runtime', from: 'spec', to: 'runtime/config', why: CONFIG_VALIDATION_WHY },
  { name: 'config-validation-in-runtime', from: 'ops', to: 'runtime/config', why: CONFIG_VALIDATION_WHY },
  { name: 'config-validation-in-runtime', from: 'cli', to: 'runtime/config', why: CONFIG_VALIDATION_WHY },
  { name: 'config-validation-in-runtime', from: 'demo', to: 'runtime/config', why: CONFIG_VALIDATION_WHY },
];

/** Packages only one part may import (a Lambda bundle or the CLI must never load CDK). */
export const PACKAGE_OWNERS: Readonly<Record<string, string>> = {
  'aws-cdk-lib': 'infra',
  constructs: 'infra',
  'cdk-nag': 'infra',
};
