// The AWS SDK for JavaScript v3 in a browser page, bundled by esbuild
// (tests/web/run_cors_e2e.sh): window.rekognitionCompare is what a page's
// own code would call, with only the endpoint changed to idmatch.
import { CompareFacesCommand, RekognitionClient } from '@aws-sdk/client-rekognition';

window.rekognitionCompare = async (endpoint, credentials, source, target) => {
  const client = new RekognitionClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  try {
    const r = await client.send(new CompareFacesCommand({ SourceImage: { Bytes: source }, TargetImage: { Bytes: target },
                                                          SimilarityThreshold: 80 }));
    return { matches: r.FaceMatches.length, similarity: r.FaceMatches[0]?.Similarity, requestId: r.$metadata.requestId };
  } catch (e) {
    return { error: e.name, message: e.message };
  }
};
