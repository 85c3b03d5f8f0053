/**
 * The state machines `aethon dev` serves: one per workflow of the project (named after it,
 * compiled from workflows/ as `cdk deploy` would), and those created through
 * CreateStateMachine (any ASL, as Step Functions Local accepts), kept in the store across restarts.
 */
import type { CompiledWorkflow } from '../compile/index.ts';
import type { StoredDocuments } from '../local/store/index.ts';
import { stateMachineArnOf } from './arns.ts';
import { DevApiError } from './protocol.ts';

/** One state machine as the API describes it. */
export interface ServedStateMachine {
  readonly name: string;
  readonly arn: string;
  /** Parsed ASL. */
  readonly definition: Record<string, unknown>;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly roleArn: string;
  /** ISO 8601. */
  readonly creationDate: string;
  /** Set for a project workflow: its handlers run as local Lambdas. */
  readonly workflow?: CompiledWorkflow;
}

/** What CreateStateMachine stores. */
interface CreatedStateMachine {
  readonly name: string;
  readonly definition: Record<string, unknown>;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly roleArn: string;
  readonly creationDate: string;
}

const KIND = 'stateMachine';

/** Workflows first (their names are taken), then created machines, by name. */
export class StateMachineRegistry {
  private readonly machines = new Map<string, ServedStateMachine>();

  private constructor(private readonly documents: StoredDocuments) {}

  /** The project's workflows plus the machines created earlier. */
  static async load(documents: StoredDocuments, workflows: readonly CompiledWorkflow[], now: string): Promise<StateMachineRegistry> {
    const registry = new StateMachineRegistry(documents);
    for (const workflow of workflows) registry.putWorkflow(workflow, now);
    for (const { value } of await documents.list<CreatedStateMachine>(KIND)) {
      if (!registry.machines.has(value.name)) registry.machines.set(value.name, { ...value, arn: stateMachineArnOf(value.name) });
    }
    return registry;
  }

  /** Serves a project workflow (a new one, or a new version: new executions use it). */
  putWorkflow(workflow: CompiledWorkflow, now: string = new Date().toISOString()): void {
    const previous = this.machines.get(workflow.name);
    this.machines.set(workflow.name, {
      name: workflow.name,
      arn: stateMachineArnOf(workflow.name),
      definition: workflow.definition as unknown as Record<string, unknown>,
      type: workflow.type === 'express' ? 'EXPRESS' : 'STANDARD',
      roleArn: `arn:aws:iam::123456789012:role/aethon-local-${workflow.name}`,
      creationDate: previous?.creationDate ?? now,
      workflow,
    });
  }

  /** Every machine, by name. */
  list(): ServedStateMachine[] {
    return [...this.machines.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  find(name: string): ServedStateMachine | undefined {
    return this.machines.get(name);
  }

  /** @throws DevApiError StateMachineDoesNotExist */
  get(name: string): ServedStateMachine {
    const machine = this.machines.get(name);
    if (!machine) throw new DevApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArnOf(name)}' (aethon dev serves ${this.list().map((m) => m.name).join(', ') || 'no state machines yet'})`);
    return machine;
  }

  /** Adds a created machine and stores it. */
  async create(machine: CreatedStateMachine): Promise<ServedStateMachine> {
    await this.documents.put(KIND, machine.name, machine);
    const served: ServedStateMachine = { ...machine, arn: stateMachineArnOf(machine.name) };
    this.machines.set(machine.name, served);
    return served;
  }

  /** Replaces a created machine's definition or role; a workflow's is its YAML file. */
  async update(name: string, change: { readonly definition?: Record<string, unknown>; readonly roleArn?: string }): Promise<ServedStateMachine> {
    const current = this.get(name);
    if (current.workflow) throw new DevApiError('ValidationException', `'${name}' is the project's workflow ${name}: edit workflows/ instead of updating it through the API`);
    const next: CreatedStateMachine = { name, definition: change.definition ?? current.definition, type: current.type, roleArn: change.roleArn ?? current.roleArn, creationDate: current.creationDate };
    return this.create(next);
  }

  /** Removes a created machine (its executions stay listed). */
  async delete(name: string): Promise<void> {
    const current = this.find(name);
    if (!current) return;
    if (current.workflow) throw new DevApiError('ValidationException', `'${name}' is the project's workflow ${name}: remove its file from workflows/ instead`);
    await this.documents.delete(KIND, name);
    this.machines.delete(name);
  }
}
