/**
 * The rating engine's version, recorded in every run. Bump it whenever a change could alter any output for
 * the same input (scoring, pipeline semantics, trace wording), so stored runs say which engine made them.
 */
export const ENGINE_VERSION = 'assure-rating/1.1.0';
