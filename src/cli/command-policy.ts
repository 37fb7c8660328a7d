import type { Command } from 'commander';
import type { Actor } from '../domain/identity/actor.ts';
import { can } from '../domain/policy/can.ts';
import type { Decision } from '../domain/policy/decision.ts';

/** How a command is authorised: the policy decision for an actor, and whether it can act as a named account. */
export interface CommandPolicy {
  readonly decide: (actor: Actor) => Decision;
  /** 'operator': runs as whoever runs the process (no --as); 'account': may act as the account named with --as. */
  readonly runsAs: 'operator' | 'account';
}

/**
 * Every command, by its path, and the policy action that decides it. buildProgram refuses to build a
 * command line with a command missing here, and the authorisation matrix test walks them all.
 */
const COMMAND_POLICIES: Readonly<Record<string, CommandPolicy>> = {
  serve: { decide: (actor) => can(actor, 'system.serve'), runsAs: 'operator' },
  migrate: { decide: (actor) => can(actor, 'system.migrate'), runsAs: 'operator' },
  stats: { decide: (actor) => can(actor, 'statistics.compute'), runsAs: 'operator' },
  // Like stats: a calculation on the given file that reads and stores nothing.
  aggregate: { decide: (actor) => can(actor, 'statistics.compute'), runsAs: 'operator' },
  'orgs import': { decide: (actor) => can(actor, 'organisation.import'), runsAs: 'account' },
  'orgs list': { decide: (actor) => can(actor, 'organisation.view'), runsAs: 'account' },
  // The operator may only create the first administrator: bootstrapAccounts asks the policy
  // (user.bootstrap) with the database's state, which is not known here.
  'users add': { decide: (actor) => (actor.kind === 'system' ? 'allow' : can(actor, 'user.add')), runsAs: 'account' },
  'users list': { decide: (actor) => can(actor, 'user.list'), runsAs: 'account' },
  'users disable': { decide: (actor) => can(actor, 'user.disable'), runsAs: 'account' },
  'users reset-password': { decide: (actor) => can(actor, 'user.reset-password'), runsAs: 'account' },
  'users grant': { decide: (actor) => can(actor, 'role.grant'), runsAs: 'account' },
  'users revoke': { decide: (actor) => can(actor, 'role.revoke'), runsAs: 'account' },
  'audit verify': { decide: (actor) => can(actor, 'audit.verify'), runsAs: 'account' },
  'audit list': { decide: (actor) => can(actor, 'audit.read'), runsAs: 'account' },
  'audit export': { decide: (actor) => can(actor, 'audit.export'), runsAs: 'account' },
  // Checking a file touches no stored data.
  'frameworks validate': { decide: (actor) => can(actor, 'framework.view-published'), runsAs: 'operator' },
  'frameworks load': { decide: (actor) => can(actor, 'framework.manage'), runsAs: 'account' },
  'frameworks list': { decide: (actor) => can(actor, 'framework.view-published'), runsAs: 'account' },
  'frameworks show': { decide: (actor) => can(actor, 'framework.view-published'), runsAs: 'account' },
  'demo generate': { decide: (actor) => can(actor, 'data.import'), runsAs: 'account' },
  'data import': { decide: (actor) => can(actor, 'data.import'), runsAs: 'account' },
  // Import batches name files and people: those who import data see them.
  'data imports': { decide: (actor) => can(actor, 'data.import'), runsAs: 'account' },
  // Analysts see and act on their own jobs, administrators and the operator on any: the jobs service decides per job (job.view, job.manage).
  'jobs list': { decide: (actor) => can(actor, 'job.list'), runsAs: 'account' },
  'jobs show': { decide: (actor) => can(actor, 'job.list'), runsAs: 'account' },
  'jobs retry': { decide: (actor) => can(actor, 'job.list'), runsAs: 'account' },
  'jobs cancel': { decide: (actor) => can(actor, 'job.list'), runsAs: 'account' },
  rate: { decide: (actor) => can(actor, 'rating.compute'), runsAs: 'account' },
  simulate: { decide: (actor) => can(actor, 'rating.compute'), runsAs: 'account' },
  uncertainty: { decide: (actor) => can(actor, 'rating.compute'), runsAs: 'account' },
  // Whether the actor may see this organisation's rating depends on the run: explainRating asks the policy.
  explain: { decide: (actor) => can(actor, 'rating.view-published'), runsAs: 'account' },
  'rounds create': { decide: (actor) => can(actor, 'round.manage'), runsAs: 'account' },
  'rounds list': { decide: (actor) => can(actor, 'round.view'), runsAs: 'account' },
  'rounds show': { decide: (actor) => can(actor, 'round.view'), runsAs: 'account' },
  // Analysts take some steps and the committee others: takeRoundStep asks the policy for the step given.
  'rounds step': { decide: (actor) => anyAllowed(actor, ['round.manage', 'round.sign-off', 'round.schedule-publication']), runsAs: 'account' },
  // Proposals, comments and confirmations are decided per organisation by the rating policy in the service.
  'rounds propose': { decide: (actor) => can(actor, 'round.view'), runsAs: 'account' },
  'rounds decide': { decide: (actor) => can(actor, 'round.manage'), runsAs: 'account' },
  'rounds comment': { decide: (actor) => can(actor, 'round.view'), runsAs: 'account' },
  'rounds confirm': { decide: (actor) => can(actor, 'round.view'), runsAs: 'account' },
  'rounds respond': { decide: (actor) => can(actor, 'round.manage'), runsAs: 'account' },
  // Building needs the analyst; which documents one sees is decided per document by the reports service.
  'reports build': { decide: (actor) => can(actor, 'round.manage'), runsAs: 'account' },
  'reports list': { decide: (actor) => can(actor, 'rating.view-published'), runsAs: 'account' },
  'reports show': { decide: (actor) => can(actor, 'rating.view-published'), runsAs: 'account' },
  'reports export': { decide: (actor) => can(actor, 'rating.view-published'), runsAs: 'account' },
  // A published round is public: anyone may copy its public site (the service refuses a round under embargo).
  'publish export': { decide: (actor) => can(actor, 'rating.view-published'), runsAs: 'account' },
  // Everyone who sees some case passes; the case services decide per case and organisation (a case.<action> rule each).
  'cases list': { decide: (actor) => can(actor, 'case.list'), runsAs: 'account' },
  'cases show': { decide: (actor) => can(actor, 'case.list'), runsAs: 'account' },
  'cases open': { decide: (actor) => can(actor, 'case.list'), runsAs: 'account' },
  'cases transition': { decide: (actor) => can(actor, 'case.list'), runsAs: 'account' },
  'cases export': { decide: (actor) => can(actor, 'case.list'), runsAs: 'account' },
  'cases proposals': { decide: (actor) => can(actor, 'case.list'), runsAs: 'account' },
  'cases evidence': { decide: (actor) => can(actor, 'case.list'), runsAs: 'account' },
  // Everyone who sees some oversight record passes; the services decide per organisation (oversight.<action>).
  ...Object.fromEntries(
    [
      'oversight years list',
      'oversight assess',
      'oversight assessments',
      'oversight designate',
      'oversight risk',
      'oversight risk-model show',
      'oversight meetings list',
      'oversight meetings show',
      'oversight meetings schedule',
      'oversight meetings record',
      'oversight meetings cancel',
      'oversight actions list',
      'oversight actions update',
      'oversight reminders',
      'oversight finance show',
      'oversight survey show',
      'oversight evidence add',
      'oversight evidence list',
      'oversight evidence show',
      'oversight evidence download',
      'oversight evidence link',
    ].map((path) => [path, { decide: (actor: Actor) => can(actor, 'oversight.list'), runsAs: 'account' } as const]),
  ),
  'oversight years open': { decide: (actor) => can(actor, 'oversight.manage-years'), runsAs: 'account' },
  'oversight what-if': { decide: (actor) => can(actor, 'oversight.simulate-risk'), runsAs: 'account' },
  'oversight risk-model adopt': { decide: (actor) => can(actor, 'oversight.adopt-risk-model'), runsAs: 'account' },
  'oversight finance import': { decide: (actor) => can(actor, 'oversight.import-finance'), runsAs: 'account' },
  'oversight survey import': { decide: (actor) => can(actor, 'oversight.import-survey'), runsAs: 'account' },
  // Writes the survey's framework indicators into a dataset: an indicator import, as `data import` is.
  'oversight survey indicator': { decide: (actor) => can(actor, 'data.import'), runsAs: 'account' },
};

function anyAllowed(actor: Actor, actions: readonly ('round.manage' | 'round.sign-off' | 'round.schedule-publication')[]): Decision {
  return actions.some((action) => can(actor, action) === 'allow') ? 'allow' : 'forbid';
}

/** "orgs import" for `assure orgs import`; statistics subcommands share their group's policy. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current = command; current.parent !== null; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

export function policyFor(path: string): CommandPolicy | undefined {
  return COMMAND_POLICIES[path] ?? COMMAND_POLICIES[path.split(' ')[0] ?? ''];
}

/** The path of every runnable command (one without subcommands). */
export function commandPaths(program: Command): string[] {
  const leaves = (command: Command): Command[] => (command.commands.length === 0 ? [command] : command.commands.flatMap(leaves));
  return program.commands.flatMap(leaves).map(commandPath);
}

/** A command refused by the policy: exit code 4, with what to do about it. */
export class CommandNotPermittedError extends Error {
  override readonly name = 'CommandNotPermittedError';
}

/** Throws CommandNotPermittedError unless the actor may run the command. */
export function assertCommandAllowed(path: string, actor: Actor): void {
  const policy = policyFor(path);
  if (policy === undefined) throw new Error(`assure ${path} has no entry in the command policy`);
  if (policy.decide(actor) === 'allow') return;
  throw new CommandNotPermittedError(
    actor.kind === 'user'
      ? `${actor.email} may not run assure ${path}: their roles do not allow it.`
      : `assure ${path} needs an account whose roles allow it: name one with --as EMAIL (or ASSURE_AS).`,
  );
}
