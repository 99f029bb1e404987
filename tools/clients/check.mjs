// Sends usage to a running Lifeline the way real clients do, and checks that it is counted:
// OpenMeter's SDK (a batch of CloudEvents, its key as Authorization: Bearer) and the CloudEvents SDK
// in binary and structured content mode. Exits 1 on the first difference.
//
//   LIFELINE_URL=http://localhost:8080 INGEST_API_KEY=... LIFELINE_API_KEY=... npm run check
import { OpenMeter } from '@openmeter/sdk'
import { CloudEvent, HTTP } from 'cloudevents'

const base = process.env.LIFELINE_URL ?? 'http://localhost:8080'
const ingestKey = process.env.INGEST_API_KEY
const readKey = process.env.LIFELINE_API_KEY
const tenant = `sdk-check-${Date.now()}`
const auth = ingestKey ? { Authorization: `Bearer ${ingestKey}` } : {}

function usage(amount) {
  return { sku: 'cpu', amount, unit: 'ms' }
}

async function post(message, mode) {
  const answer = await fetch(`${base}/api/v1/events`, {
    method: 'POST',
    headers: { ...message.headers, ...auth },
    body: message.body,
  })
  if (answer.status !== 204) {
    throw new Error(`CloudEvents ${mode} mode: expected 204, got ${answer.status} ${await answer.text()}`)
  }
  console.log(`CloudEvents SDK, ${mode} mode: 204`)
}

const openmeter = new OpenMeter({ baseUrl: base, apiKey: ingestKey ?? 'unused' })
await openmeter.events.ingest({ type: 'usage', subject: tenant, data: usage('1.5') })
await openmeter.events.ingest([
  { type: 'usage', subject: tenant, data: usage('2') },
  { type: 'usage', subject: tenant, data: usage('2.25') },
])
console.log('OpenMeter SDK: one event and a batch accepted')

await post(HTTP.binary(new CloudEvent({ type: 'usage', source: '/sdk-check', subject: tenant, data: usage('3') })), 'binary')
await post(HTTP.structured(new CloudEvent({ type: 'usage', source: '/sdk-check', subject: tenant, data: usage('4') })),
  'structured')

if (readKey) {
  const expected = 1.5 + 2 + 2.25 + 3 + 4
  const deadline = Date.now() + 30_000
  let total
  while (Date.now() < deadline) {
    const answer = await fetch(`${base}/api/v1/usage?tenant=${tenant}&sku=cpu&unit=ms`, { headers: { 'X-Api-Key': readKey } })
    const body = await answer.json()
    total = (body.windows ?? []).reduce((sum, w) => sum + Number(w.total), 0)
    if (total === expected) {
      break
    }
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  if (total !== expected) {
    throw new Error(`usage of ${tenant}: expected ${expected}, got ${total}`)
  }
  console.log(`usage of ${tenant}: ${total}, as sent`)
}
