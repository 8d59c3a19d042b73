'use strict';
// Sends ONE request signed by Huawei's own Node.js SDK core, so the .NET verifier can be checked
// against what a real Huawei client puts on the wire (reference §4.6).
//
// Usage: node sign-request.js METHOD PATH [QUERY_JSON] [BODY_JSON]
// Environment: HUAWEI_ENDPOINT (e.g. http://127.0.0.1:8090), HUAWEI_AK, HUAWEI_SK, HUAWEI_PROJECT_ID (optional).
// Prints {"status": <number>, "body": <parsed body or text>} as the last line of stdout.
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core');
const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder');

async function main() {
  const [method, path, queryJson, bodyJson] = process.argv.slice(2);
  const env = process.env;
  if (!method || !path || !env.HUAWEI_ENDPOINT || !env.HUAWEI_AK || !env.HUAWEI_SK) {
    throw new Error('usage: HUAWEI_ENDPOINT=... HUAWEI_AK=... HUAWEI_SK=... node sign-request.js METHOD PATH [QUERY_JSON] [BODY_JSON]');
  }

  const credentials = new BasicCredentials().withAk(env.HUAWEI_AK).withSk(env.HUAWEI_SK);
  if (env.HUAWEI_PROJECT_ID) credentials.withProjectId(env.HUAWEI_PROJECT_ID);
  // An endpoint and no region: the SDK then makes no IAM discovery call first (reference §4.3).
  const client = new ClientBuilder(hc => hc).withCredential(credentials).withEndpoint(env.HUAWEI_ENDPOINT).build();

  const request = {
    method,
    url: path,
    contentType: 'application/json',
    queryParams: queryJson ? JSON.parse(queryJson) : {},
    pathParams: {},
    headers: {},
  };
  if (bodyJson) request.data = JSON.parse(bodyJson);

  try {
    const response = await client.sendRequest(request);
    const { httpStatusCode, ...body } = response;
    return { status: httpStatusCode, body };
  } catch (error) {
    // The SDK turns every status of 400 and above into an exception carrying the status.
    if (error && error.httpStatusCode) {
      return { status: error.httpStatusCode, body: { error_code: error.errorCode, error_msg: error.errorMsg } };
    }
    throw error;
  }
}

main().then(
  result => { process.stdout.write('\n' + JSON.stringify(result) + '\n'); },
  error => { process.stderr.write(String(error && error.stack || error) + '\n'); process.exit(1); });
