export interface SandboxEvent {
  type: string;
  payload: unknown;
}

declare global {
  interface Window {
    sandboxEvents: SandboxEvent[];
  }
}

/** What the host (Grafana) would have been asked to do, kept for the e2e tests to read. */
export function recordSandboxEvent(type: string, payload: unknown) {
  window.sandboxEvents = window.sandboxEvents ?? [];
  window.sandboxEvents.push({ type, payload });
}
