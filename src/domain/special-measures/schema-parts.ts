import { z } from 'zod';
import { isCalendarDate } from '../calendar-date.ts';
import { ODS_CODE } from '../organisations/organisation.ts';

// Field types shared by the special-measures schemas, so every form, API body and file spells them alike.

/** Free text a person must write: surrounding spaces are dropped and blank text is refused. */
export const Text = z.string().trim().min(1, 'must not be blank');

/** A calendar date written YYYY-MM-DD that exists (2024-02-29 yes, 2023-02-29 no). */
export const CalendarDate = z.string().refine(isCalendarDate, 'must be a date written YYYY-MM-DD that exists on the calendar');

/** An organisation's ODS code (02N, RXH, Y56). */
export const OrganisationCode = z.string().trim().toUpperCase().regex(ODS_CODE, 'must be an organisation code of 3 to 6 capital letters or digits (for example 02N)');

export const WholeNumber = z.number().int('must be a whole number');
