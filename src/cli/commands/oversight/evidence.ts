import fs from 'node:fs';
import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { describeSize, EVIDENCE_KIND_LABELS, EVIDENCE_KINDS, EVIDENCE_MAX_BYTES, isEvidenceKind } from '../../../domain/oversight/evidence.ts';
import { downloadEvidence, type EvidenceDocumentSummary, linkEvidence, listEvidence, registerEvidence, showEvidence, unlinkEvidence } from '../../../services/oversight/evidence.ts';
import { formatTextTable } from '../../text-table.ts';
import { withDatabase } from '../../with-database.ts';

type OutputFormat = 'text' | 'json';

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function kindLabel(kind: string): string {
  return isEvidenceKind(kind) ? EVIDENCE_KIND_LABELS[kind] : kind;
}

/** TYPE:ID, as `case:3f2…` or `meeting:9a1…`. */
function targetArgument(value: string): { targetType: string; targetId: string } {
  const [targetType = '', ...rest] = value.split(':');
  if (rest.length === 0) throw new InvalidArgumentError('give what the document is evidence for as TYPE:ID, e.g. case:3f2504e0-4f89-11d3-9a0c-0305e82c3301 (TYPE is assessment, meeting or case)');
  return { targetType, targetId: rest.join(':') };
}

function documentLine(document: EvidenceDocumentSummary): string[] {
  return [document.id, document.documentDate, kindLabel(document.kind), document.title, `${document.fileName} (${describeSize(document.sizeBytes)})`];
}

/** Reads the file to register, refusing one too large before reading it whole. */
async function readDocument(file: string): Promise<Uint8Array> {
  const { size } = await fs.promises.stat(file);
  if (size > EVIDENCE_MAX_BYTES) throw new InvalidArgumentError(`${file} is ${describeSize(size)}; the largest document Assure stores is ${describeSize(EVIDENCE_MAX_BYTES)}`);
  return new Uint8Array(await fs.promises.readFile(file));
}

/** `assure oversight evidence …`: local evidence documents, as on a CCG's local evidence page. */
export function registerOversightEvidenceCommands(oversight: Command): void {
  const evidence = oversight.command('evidence').description('local evidence: board papers, audit reports and plans a CCG or its region relies on');

  evidence
    .command('add')
    .description('register a document for a CCG; its type is read from its content, and the same file registered again is recognised')
    .argument('<file>', 'the document (PDF, .docx, .xlsx, .pptx, PNG, JPEG, plain text or CSV; at most 20 MB)')
    .requiredOption('--organisation <code>', 'the CCG the document belongs to')
    .requiredOption('--title <text>', 'the document’s title')
    .addOption(new Option('--kind <kind>', 'what kind of document it is').choices([...EVIDENCE_KINDS]).makeOptionMandatory())
    .requiredOption('--date <YYYY-MM-DD>', 'the document’s date (not after today)')
    .action(async (file: string, options: { organisation: string; title: string; kind: string; date: string }, command: Command) => {
      const content = await readDocument(file);
      const outcome = await withDatabase(command, (db, actor) =>
        registerEvidence(db, actor, { organisationCode: options.organisation, title: options.title, kind: options.kind, documentDate: options.date, fileName: path.basename(file), content }),
      );
      const { document } = outcome;
      process.stdout.write(
        outcome.kind === 'registered'
          ? `Registered ${document.fileName} for ${document.organisationCode} as document ${document.id} (${kindLabel(document.kind)}, SHA-256 ${document.sha256}).\n`
          : `${document.organisationCode} has this very file already, as document ${document.id} (“${document.title}”, added by ${document.addedBy}); nothing was stored.\n`,
      );
    });

  evidence
    .command('list')
    .description('a CCG’s documents, newest first')
    .argument('<code>', 'the CCG’s code')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (code: string, options: { format: OutputFormat }, command: Command) => {
      const listed = await withDatabase(command, (db, actor) => listEvidence(db, actor, code));
      if (options.format === 'json') process.stdout.write(json(listed));
      else if (listed.documents.length === 0) process.stdout.write(`No documents are registered for ${listed.organisation.name} (${listed.organisation.code}).\n`);
      else process.stdout.write(formatTextTable(['ID', 'DATE', 'KIND', 'TITLE', 'FILE'], listed.documents.map(documentLine)));
    });

  evidence
    .command('show')
    .description('a document and what it is evidence for')
    .argument('<id>', 'the document’s id')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (id: string, options: { format: OutputFormat }, command: Command) => {
      const detail = await withDatabase(command, (db, actor) => showEvidence(db, actor, id));
      if (options.format === 'json') {
        process.stdout.write(json({ document: detail.document, organisation: detail.organisation, links: detail.links }));
        return;
      }
      const { document } = detail;
      const links = detail.links.length === 0 ? ['Evidence for: nothing yet.'] : ['Evidence for:', ...detail.links.map((link) => `  ${link.targetType} ${link.targetId} (linked by ${link.linkedBy}, ${link.linkedAt.toISOString()})`)];
      process.stdout.write(
        [
          document.title,
          `CCG: ${detail.organisation.name} (${detail.organisation.code})`,
          `Kind: ${kindLabel(document.kind)}; dated ${document.documentDate}`,
          `File: ${document.fileName}, ${detail.fileType?.label ?? document.mediaType}, ${describeSize(document.sizeBytes)}; SHA-256 ${document.sha256}`,
          `Added by ${document.addedBy} at ${document.addedAt.toISOString()}`,
          ...links,
          '',
        ].join('\n'),
      );
    });

  evidence
    .command('download')
    .description('write a document’s file as stored')
    .argument('<id>', 'the document’s id')
    .requiredOption('--output <file>', 'where to write it (refused if the file exists)')
    .action(async (id: string, options: { output: string }, command: Command) => {
      const download = await withDatabase(command, (db, actor) => downloadEvidence(db, actor, id));
      await fs.promises.writeFile(options.output, download.content, { flag: 'wx' });
      process.stdout.write(`Wrote ${download.document.fileName} (${describeSize(download.document.sizeBytes)}) to ${options.output}.\n`);
    });

  evidence
    .command('link')
    .description('link a document as evidence for an assessment, a meeting or a case of its CCG (or remove the link)')
    .argument('<id>', 'the document’s id')
    .requiredOption('--to <type:id>', 'what it is evidence for: assessment:ID, meeting:ID or case:ID', targetArgument)
    .option('--remove', 'remove the link instead')
    .action(async (id: string, options: { to: { targetType: string; targetId: string }; remove?: boolean }, command: Command) => {
      const { targetType, targetId } = options.to;
      if (options.remove === true) {
        await withDatabase(command, (db, actor) => unlinkEvidence(db, actor, id, options.to));
        process.stdout.write(`Removed the link from document ${id} to ${targetType} ${targetId}.\n`);
        return;
      }
      const outcome = await withDatabase(command, (db, actor) => linkEvidence(db, actor, id, options.to));
      process.stdout.write(outcome === 'linked' ? `Linked document ${id} as evidence for ${targetType} ${targetId}.\n` : `Document ${id} was linked to ${targetType} ${targetId} already; nothing changed.\n`);
    });
}
