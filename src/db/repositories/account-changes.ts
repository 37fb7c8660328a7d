// Writes this process makes to what a session resolves to (a session revoked, an account disabled or its
// password replaced, a grant given or taken away), counted so that sessions kept in memory for a moment
// (services/identity/recent-sessions.ts) are read again at once after any of them.

let changes = 0;

export function noteAccountChange(): void {
  changes += 1;
}

export function accountChangeCount(): number {
  return changes;
}
