// A parent's and a SENCO's journeys through the TypeScript client generated from the contract, run
// against the packaged server with Node's own fetch. Every JSON answer is also checked against the
// contract's schema (Ajv), so a disagreement between what the server says and what the client's
// types promise fails the build. Files go up and come down as Blobs and are compared by SHA-256.
//
// node journey.cjs BASE_URL CLIENT_DIST OPENAPI_YAML DEMO_RECORDING_SHA256
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const [base, dist, specFile, recordingSha] = process.argv.slice(2);
const api = require(dist);
const yaml = require('js-yaml');
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const AMARA = '0d000000-0000-4000-8000-000000000401';
const LEO = '0d000000-0000-4000-8000-000000000403';
const LEO_PLAN = '0d000000-0000-4000-8000-000000000b01';
const TRIP = '0d000000-0000-4000-8000-000000000601';
const ROUND = '0d000000-0000-4000-8000-000000000901';
const RECORDED_VIEW = '0d000000-0000-4000-8000-000000000a23';

const spec = yaml.load(fs.readFileSync(specFile, 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat('binary', true);
ajv.addSchema(spec, 'openapi');
const operations = {};
for (const [path, item] of Object.entries(spec.paths))
  for (const [method, op] of Object.entries(item))
    if (op && op.operationId) operations[op.operationId] = { path, method };
const pointer = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');

let checked = 0;
/** Calls the client's Raw method, checks the JSON answer against the contract, returns the typed value. */
async function call(client, operationId, params) {
  const response = await client[operationId + 'Raw'](params);
  const raw = response.raw;
  const type = raw.headers.get('content-type') || '';
  if (type.startsWith('application/json')) {
    const { path, method } = operations[operationId];
    const op = spec.paths[path][method];
    const status = String(raw.status);
    if (!op.responses[status]) throw new Error(`${operationId}: ${status} is not in the contract`);
    const ref = `openapi#/paths/${pointer(path)}/${method}/responses/${status}/content/application~1json/schema`;
    const validate = ajv.getSchema(ref) || ajv.compile({ $ref: ref });
    const body = await raw.clone().json();
    if (!validate(body))
      throw new Error(`${operationId} answered what its type does not allow: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body).slice(0, 2000)}`);
    checked++;
  }
  return response.value();
}

const sha256 = async (blob) => crypto.createHash('sha256').update(Buffer.from(await blob.arrayBuffer())).digest('hex');
const configured = (token) => new api.Configuration({ basePath: base, accessToken: async () => token });
const fail = (message) => { throw new Error(message); };

async function signIn(email) {
  const identity = new api.IdentityApi(new api.Configuration({ basePath: base }));
  const tokens = await call(identity, 'login', { loginRequest: { email, password: 'tandem-demo-1' } });
  return configured(tokens.accessToken);
}

async function parent() {
  const c = await signIn('parent@example.org');
  const me = await call(new api.IdentityApi(c), 'getMe');
  if (!me.pupils.some((p) => p.id === AMARA)) fail('Amara is not on her mother\'s account');
  const home = await call(new api.RecordApi(c), 'getParentHome');
  if (!home.pupils.every((p) => p.whereToTurn && p.school)) fail('a child on the home has no school or where to turn');

  const notices = new api.NoticesApi(c);
  const mine = await call(notices, 'listMyNotices', {});
  if (!mine.items.some((n) => n.id === TRIP)) fail('the trip letter is not in her notices');
  const ack = await call(notices, 'acknowledgeNotice', { noticeId: TRIP, acknowledgementRequest: { reply: 'yes' } });
  if (!(ack.acknowledgedAt instanceof Date)) fail('acknowledgedAt is not a date');

  const meetings = new api.MeetingsApi(c);
  const slots = await call(meetings, 'listBookableSlots', { pupilId: AMARA, roundId: ROUND });
  if (slots.items.length === 0) fail('no slot to book');
  const booked = await call(meetings, 'bookMeeting', {
    bookingRequest: { pupilId: AMARA, slotId: slots.items[0].slotId, note: 'Booked through the generated client' },
  });
  const ics = await meetings.getMeetingCalendar({ meetingId: booked.id });
  if (!String(ics).startsWith('BEGIN:VCALENDAR')) fail('the calendar file is not iCalendar: ' + String(ics).slice(0, 80));
  await call(meetings, 'listMyMeetings');

  const conversation = await call(new api.MessagingApi(c), 'startConversation', {
    conversationRequest: { pupilId: AMARA, text: 'Hello from the generated client' },
  });
  if (!conversation.school) fail('the conversation names no school');

  // Amara's recorded view, once her class teacher shares it with the family.
  const teacher = await signIn('teacher@example.org');
  await call(new api.VoiceApi(teacher), 'shareView', { viewId: RECORDED_VIEW });
  const views = await call(new api.VoiceApi(c), 'listPupilViews', { pupilId: AMARA });
  const recorded = views.items.find((v) => v.id === RECORDED_VIEW);
  if (!recorded || !recorded.answer.media) fail('the shared recording is not in her list');
  const recording = await new api.VoiceApi(c).getVoiceMedia({ mediaId: recorded.answer.media.id });
  if ((await sha256(recording)) !== recordingSha) fail('the recording came down changed');
}

async function sencoAndFamily() {
  const senco = await signIn('senco@example.org');
  const file = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% uploaded as a Blob by the generated client\n'
    + crypto.randomBytes(512).toString('base64') + '\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const uploaded = await call(new api.DocumentsApi(senco), 'addDocumentVersion', {
    documentId: LEO_PLAN, fileName: 'leo-ehc-plan-client.pdf', body: new Blob([file], { type: 'application/pdf' }),
  });
  const newest = uploaded.versions.reduce((a, b) => (a.version > b.version ? a : b));
  const father = await signIn('parent2@example.org');
  const down = await new api.DocumentsApi(father).getDocumentVersion({ documentId: LEO_PLAN, versionId: newest.id });
  const expected = crypto.createHash('sha256').update(file).digest('hex');
  if ((await sha256(down)) !== expected) fail('the document came down changed');
  if (newest.sha256 !== expected) fail('the server kept a different file from the one uploaded');

  const voice = new api.VoiceApi(senco);
  await call(voice, 'createViewsRequest', {
    viewsRequestCreate: {
      question: 'What helps you most in class?', formats: ['text', 'drawing'],
      about: { kind: 'general' }, _for: { pupilIds: [LEO] },
    },
  });
  await call(voice, 'getViewsForReview', { pupilId: AMARA });
}

(async () => {
  await parent();
  await sencoAndFamily();
  console.log(`journeys done: ${checked} JSON answers checked against the contract`);
})().catch(async (e) => {
  if (e && e.response) {
    // The client's ResponseError: say which call, and what the server answered.
    console.error(`${e.response.status} from ${e.response.url}: ${await e.response.text()}`);
  }
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
