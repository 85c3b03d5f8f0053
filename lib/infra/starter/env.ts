/** Environment variables the Workflow construct sets on a starter function, and the starter reads. */
export const StarterEnv = {
  STATE_MACHINE_ARN: 'AETHON_STATE_MACHINE_ARN',
  WORKFLOW: 'AETHON_WORKFLOW',
  /** Which part of the event becomes the execution input, e.g. `$.detail`. */
  INPUT_PATH: 'AETHON_TRIGGER_INPUT_PATH',
  /** The event's idempotency key, e.g. `$.detail.email`. */
  KEY_PATH: 'AETHON_TRIGGER_KEY_PATH',
} as const;
