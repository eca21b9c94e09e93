// Error answers as AWS sends them, one per protocol, so that the SDK's own deserializer turns them into its
// own exception (name, $fault, $metadata.httpStatusCode, $retryable where the model says so) and its retry
// strategy classifies them as it would a real answer.
import type { WireError } from './rates.js';

export interface WireResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The HTTP answer carrying `error` for a client of this protocol (the client's `config.protocol` class name;
 * the older DRS, FIS and Resilience Hub clients have none and speak REST-JSON).
 */
export function wireError(protocol: string | undefined, error: WireError, requestId: string): WireResponse {
  const code = escapeXml(error.code);
  const message = escapeXml(error.message);
  const xml = (body: string): WireResponse => ({
    statusCode: error.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId, 'x-amz-request-id': requestId },
    body: new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`),
  });
  switch (protocol) {
    case 'AwsEc2QueryProtocol':
      return xml(`<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`);
    case 'S3RestXmlProtocol':
      return xml(`<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId><HostId>${requestId}</HostId></Error>`);
    case 'AwsQueryProtocol':
    case 'AwsRestXmlProtocol':
      return xml(
        `<ErrorResponse><Error><Type>${error.status < 500 ? 'Sender' : 'Receiver'}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
    case 'AwsJson1_0Protocol':
    case 'AwsJson1_1Protocol':
      return {
        statusCode: error.status,
        headers: { 'content-type': `application/x-amz-json-${protocol === 'AwsJson1_0Protocol' ? '1.0' : '1.1'}`, 'x-amzn-requestid': requestId },
        body: new TextEncoder().encode(JSON.stringify({ __type: error.code, message: error.message })),
      };
    default:
      return {
        statusCode: error.status,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.code, 'x-amzn-requestid': requestId },
        body: new TextEncoder().encode(JSON.stringify({ message: error.message })),
      };
  }
}
