import { expect, test } from '@jupyterlab/galata';

test('the extension loads without errors and its server answers', async ({
  page
}) => {
  const errors: string[] = [];
  page.on('console', message => {
    if (message.type() === 'error' && message.text().includes('kubeflow')) {
      errors.push(message.text());
    }
  });
  await page.goto();
  const status = await page.evaluate(async () => {
    const cookie = document.cookie.match('\\b_xsrf=([^;]*)\\b');
    const response = await fetch('/kubeflow/api/status', {
      headers: { 'X-XSRFToken': cookie ? cookie[1] : '' }
    });
    return { code: response.status, body: await response.json() };
  });
  expect(status.code).toBe(200);
  expect(status.body.version).toBeTruthy();
  expect(errors).toEqual([]);
});
