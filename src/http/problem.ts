/** One invalid input, located by JSON pointer-like path ("query/page"). */
export interface ProblemField {
  readonly name: string;
  readonly reason: string;
}

/** An RFC 9457 problem details body, the one error shape of the JSON API. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly requestId?: string;
  readonly errors?: readonly ProblemField[];
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  401: 'Sign-in required',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  413: 'Request too large',
  414: 'Address too long',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export function titleForStatus(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server error' : 'Request error');
}

/** An error a handler throws to answer with a given status and a message safe to show. */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  readonly status: number;
  readonly errors: readonly ProblemField[] | undefined;
  constructor(status: number, detail: string, errors?: readonly ProblemField[]) {
    super(detail);
    this.status = status;
    this.errors = errors;
  }
}
