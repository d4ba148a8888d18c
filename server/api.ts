import 'server-only';
import { randomUUID } from 'node:crypto';
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { AppError, httpStatus, isAppError } from '@/lib/errors';
import { log } from '@/lib/log';

export type ApiErrorBody = {
  error: { code: string; message: string; requestId: string; issues?: { path: string; message: string }[]; details?: Record<string, unknown> };
};

export function errorResponse(error: unknown, requestId: string): NextResponse<ApiErrorBody> {
  if (error instanceof z.ZodError) {
    const issues = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    return NextResponse.json({ error: { code: 'invalid', message: 'The request is not valid.', requestId, issues } }, { status: 422 });
  }
  if (isAppError(error)) {
    const issues = error.fields && Object.entries(error.fields).flatMap(([path, messages]) => messages.map((message) => ({ path, message })));
    const headers = error.code === 'unauthenticated' ? { 'www-authenticate': 'Bearer' } : undefined;
    return NextResponse.json({ error: { code: error.code, message: error.message, requestId, issues, details: error.details } }, { status: httpStatus[error.code], headers });
  }
  return NextResponse.json(
    { error: { code: 'internal', message: `Something went wrong on our side. Quote request id ${requestId} when reporting it.`, requestId } },
    { status: 500 },
  );
}

type RouteContext<P> = { params: Promise<P> };

/** Wraps a route handler: one error shape for every failure, a request id on every response. */
export function apiRoute<P = Record<string, string>>(name: string, handler: (request: NextRequest, ctx: { params: P; requestId: string }) => Promise<Response>) {
  return async (request: NextRequest, context: RouteContext<P>): Promise<Response> => {
    const requestId = request.headers.get('x-request-id') ?? randomUUID();
    try {
      const response = await handler(request, { params: await context.params, requestId });
      response.headers.set('x-request-id', requestId);
      return response;
    } catch (error) {
      if (!isAppError(error) && !(error instanceof z.ZodError)) log.error(`route ${name} failed`, { requestId, error });
      else log.debug(`route ${name} refused`, { requestId, code: isAppError(error) ? error.code : 'invalid' });
      const response = errorResponse(error, requestId);
      response.headers.set('x-request-id', requestId);
      return response;
    }
  };
}

export { AppError };
