// The AWS SDK for JavaScript v3 (@aws-sdk/client-rekognition, pinned in
// package-lock.json) against a running idmatch: code written for
// Rekognition, with only `endpoint` changed. Its own Signature V4 signer,
// headers (x-amz-user-agent, amz-sdk-invocation-id, amz-sdk-request),
// Uint8Array images and error classes.
// Usage: node clients.mjs ENDPOINT IMAGES_DIR   with AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY in the environment. Prints one line per check;
// exits 1 if any failed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CompareFacesCommand, DetectFacesCommand, InvalidImageFormatException, RekognitionClient,
  RekognitionServiceException,
} from '@aws-sdk/client-rekognition';

const [endpoint, images] = process.argv.slice(2);
const credentials = { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY };
let failures = 0;
function check(name, good, detail) {
  console.log(`${good ? 'ok  ' : 'FAIL'} ${name}${good ? '' : `: ${JSON.stringify(detail).slice(0, 300)}`}`);
  if (!good) failures++;
}
const client = (creds = credentials) => new RekognitionClient({ endpoint, region: 'eu-west-1', credentials: creds,
                                                               maxAttempts: 1 });
async function errorOf(promise) {
  try {
    await promise;
    return null;
  } catch (e) {
    return e;
  }
}

const rek = client();
const [img1, img2, img3] = ['img1.jpg', 'img2.jpg', 'img3.jpg'].map((n) => new Uint8Array(readFileSync(join(images, n))));

let r = await rek.send(new CompareFacesCommand({ SourceImage: { Bytes: img1 }, TargetImage: { Bytes: img2 } }));
check('match: one FaceMatch with Similarity >= 80',
      r.FaceMatches.length === 1 && r.FaceMatches[0].Similarity >= 80 && r.UnmatchedFaces.length === 0, r);
const box = r.FaceMatches[0]?.Face?.BoundingBox ?? {};
check('BoundingBox is fractions', ['Width', 'Height', 'Left', 'Top'].every((k) => box[k] >= 0 && box[k] <= 1), box);
check('SourceImageFace has a box and confidence', r.SourceImageFace?.BoundingBox && r.SourceImageFace.Confidence > 90,
      r.SourceImageFace);
check('$metadata: 200 and the request id', r.$metadata.httpStatusCode === 200 && /^req_/.test(r.$metadata.requestId),
      r.$metadata);

r = await rek.send(new CompareFacesCommand({ SourceImage: { Bytes: img1 }, TargetImage: { Bytes: img3 },
                                             SimilarityThreshold: 80 }));
check('non-match: no FaceMatches, one UnmatchedFace', r.FaceMatches.length === 0 && r.UnmatchedFaces.length === 1, r);

const d = await rek.send(new DetectFacesCommand({ Image: { Bytes: img1 }, Attributes: ['ALL'] }));
check('DetectFaces ALL: a face with EyesOpen and five landmarks',
      d.FaceDetails.length >= 1 && d.FaceDetails[0].EyesOpen !== undefined && d.FaceDetails[0].Landmarks.length === 5, d);

let e = await errorOf(rek.send(new CompareFacesCommand({ SourceImage: { Bytes: new TextEncoder().encode('not an image') },
                                                         TargetImage: { Bytes: img2 } })));
check('not an image: the SDK\'s InvalidImageFormatException class, a client fault, 400',
      e instanceof InvalidImageFormatException && e.$fault === 'client' && e.$metadata.httpStatusCode === 400 &&
          e.message.length > 0, e && { name: e.name, fault: e.$fault, meta: e.$metadata });
e = await errorOf(rek.send(new CompareFacesCommand({ SourceImage: { Bytes: img1.subarray(0, 3000) },
                                                     TargetImage: { Bytes: img2 } })));
check('truncated image: InvalidImageFormatException', e?.name === 'InvalidImageFormatException', e?.name);
e = await errorOf(rek.send(new CompareFacesCommand({ SourceImage: { S3Object: { Bucket: 'b', Name: 'k.jpg' } },
                                                     TargetImage: { Bytes: img2 } })));
check('S3Object: InvalidParameterException', e?.name === 'InvalidParameterException', e?.name);

const secret = credentials.secretAccessKey;
e = await errorOf(client({ ...credentials, secretAccessKey: secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A') })
                      .send(new DetectFacesCommand({ Image: { Bytes: img1 } })));
check('wrong secret: InvalidSignatureException, a RekognitionServiceException',
      e?.name === 'InvalidSignatureException' && e instanceof RekognitionServiceException, e?.name);
e = await errorOf(client({ ...credentials, accessKeyId: 'IDMA0000000000000000' })
                      .send(new DetectFacesCommand({ Image: { Bytes: img1 } })));
check('unknown key: UnrecognizedClientException', e?.name === 'UnrecognizedClientException', e?.name);

console.log(`aws_js_clients: ${failures} failed`);
process.exit(failures ? 1 : 0);
