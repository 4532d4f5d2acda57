/** Calls to the lab's server from the page, as the extension's frontend makes them. */
import { expect, IJupyterLabPageFixture } from '@jupyterlab/galata';

/** The embedded registry's Model Registry v1 REST API, inside Jupyter (behind its auth). */
export const REGISTRY_API = '/kubeflow/registry/api/model_registry/v1';

/** A JSON call from the page, with Jupyter's XSRF header; fails the test unless 2xx. */
export async function callAPI(
  page: IJupyterLabPageFixture,
  method: string,
  url: string,
  body?: unknown
): Promise<any> {
  const answer = await page.evaluate(
    async ({ method, url, body }) => {
      const cookie = document.cookie.match('\\b_xsrf=([^;]*)\\b');
      const response = await fetch(url, {
        method,
        cache: 'no-store',
        headers: {
          'Content-Type': 'application/json',
          'X-XSRFToken': cookie ? cookie[1] : ''
        },
        body: body === undefined ? undefined : JSON.stringify(body)
      });
      return { status: response.status, body: await response.json() };
    },
    { method, url, body }
  );
  expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
  return answer.body;
}
