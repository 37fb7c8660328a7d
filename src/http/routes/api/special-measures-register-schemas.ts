import { z } from 'zod';
import { ENTRY_BASES } from '../../../domain/special-measures/case-record.ts';
import { CalendarDate } from '../../../domain/special-measures/schema-parts.ts';

// The public special-measures register as open data: only what NHS England has published, as it stood on a date.

const date = z.string().describe('YYYY-MM-DD');
/** A list in a response: the register is the domain's, with readonly arrays. */
const list = <T extends z.ZodType>(item: T) => z.array(item).readonly();
const publishedText = z.object({ text: z.string(), publishedOn: date.describe('When it was published (YYYY-MM-DD)') });

export const registerQuery = z.object({
  date: CalendarDate.optional().describe('The register as it stood on this date (YYYY-MM-DD); today (London) when left out'),
});

export const registerResponse = z.object({
  data: z.object({
    date,
    entries: list(
      z.object({
        organisationCode: z.string(),
        organisationName: z.string(),
        specialMeasures: z
          .object({
            enteredOn: date,
            basis: z.enum(ENTRY_BASES).describe('Whether the CCG agreed, or NHS England determined it'),
            reviewBy: date.describe('When special measures are due to be reviewed (12 months from entry, moved by any extension)'),
            extended: z.boolean(),
            reasons: list(publishedText).describe('The brief reasons, as published'),
            planSummary: publishedText.nullable().describe('The improvement plan’s summary, once published'),
            progressUpdates: list(publishedText).describe('Published progress updates, oldest first'),
          })
          .nullable()
          .describe('null when the organisation is on the register only for directions'),
        directions: list(
            z.object({
              id: z.string(),
              title: z.string(),
              legalBasis: z.string().describe('For example s.14Z21 NHS Act 2006'),
              appliedOn: date,
              variedOn: list(date),
              requirements: list(z.object({ text: z.string(), dueOn: date.nullable() })).describe('What the direction requires on the date'),
            }),
          ).describe('Published legal directions in force on the date'),
      }),
    ),
  }),
});
