import type { FastifyReply } from 'fastify';
import writeXlsxFile from 'write-excel-file/node';
import { type DownloadRecord, recordsToCsv, recordsToSheet } from '../../presenters/scorecard-downloads.ts';
import { withFixedEntryTimes } from '../../reproducible-zip.ts';

// Sends open-data records as a file attachment in one of the three formats every scorecard download offers;
// the same records give the same bytes in every format, the workbook too.

export type DownloadFormat = 'csv' | 'json' | 'xlsx';
export const DOWNLOAD_FORMATS: readonly DownloadFormat[] = ['csv', 'xlsx', 'json'];
export const DOWNLOAD_LABELS: Readonly<Record<DownloadFormat, string>> = { csv: 'CSV', xlsx: 'Excel', json: 'JSON' };

export async function sendDownload(reply: FastifyReply, format: DownloadFormat, fileName: string, columns: readonly string[], records: readonly DownloadRecord[]): Promise<FastifyReply> {
  reply.header('content-disposition', `attachment; filename="${fileName}.${format}"`);
  switch (format) {
    case 'csv':
      return reply.type('text/csv; charset=utf-8').send(recordsToCsv(columns, records));
    case 'json':
      return reply.type('application/json; charset=utf-8').send(JSON.stringify({ data: records }));
    case 'xlsx':
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(withFixedEntryTimes(await writeXlsxFile(recordsToSheet(columns, records), { sheet: 'Ratings' }).toBuffer()));
  }
}
