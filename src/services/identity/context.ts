/** Where an identity action comes from: the clock it runs at and the request that asked, for the audit trail. */
export interface ActionContext {
  readonly now: Date;
  readonly requestId?: string | undefined;
}

/** A sign-in's extra context, shown back to the user in their list of sessions. */
export interface ClientContext extends ActionContext {
  readonly userAgent: string | null;
  readonly ipAddress: string | null;
}
