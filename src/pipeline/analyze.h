// Per-image work shared by detect and compare: decode once, detect, landmark,
// choose the primary face and embed what the caller needs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "face/embedder.h"
#include "idmatch/config.h"
#include "idmatch/types.h"
#include "pipeline/worker_pool.h"

namespace idmatch::pipeline {

enum class EmbedWhich { kNone, kPrimary, kAll };

struct AnalyzeOptions {
  EmbedWhich embed = EmbedWhich::kNone;
  bool flip = false;      // add the mirrored crop's embedding (test-time augmentation)
  bool quality = false;   // score every face's quality measures (not judged yet)
  bool liveness = false;  // classify the primary face
  // Read the image as an ID document (barcode / MRZ) before the face work,
  // outside the model lease (its orientation says which way up the portrait
  // is); checks use `document_today` (YYYY-MM-DD).
  bool read_document = false;
  // Turn the image upright before the face work when the document read says
  // it is turned; otherwise, when no face is found or the primary one is not
  // upright, look again with the image turned by 90, 180 and 270 degrees.
  bool try_rotations = false;
  // Search the 2x tiles even when the whole image already had a face (finds
  // a document's ghost portrait beside its main portrait).
  bool find_small_faces = false;
  // When the whole image shows no face: look for card outlines and search
  // each card, flattened at the photo's own pixel density, for faces (a
  // portrait too small for the whole-image pass; document/card_locate.h).
  bool find_cards = false;
  // Set by the card search on a flattened card: when the profile's detector
  // finds nothing, FaceModels::card_detector looks again.
  bool second_look = false;
  // Keep the analysed image and every face's crop points so the primary face
  // can be embedded again (resolution matching, ReembedPrimary).
  bool keep_image = false;
  // A frame of a liveness capture: keep the primary face's 68 landmarks and
  // its signed pose and eye state (ImageAnalysis::primary_points/_motion).
  bool capture_frame = false;
  std::string document_today;
};

struct ImageAnalysis {
  ImageInfo info;
  std::vector<Face> faces;                           // primary first
  std::vector<std::vector<float>> embeddings;        // parallel to faces; empty where not embedded
  std::optional<liveness::LivenessScores> liveness;  // primary face, when asked and assessable
  std::optional<DocumentRead> document;              // when asked and readable
  double primary_runner_up = 0;                      // face_select.h PrimaryChoice::runner_up
  ImageTimings timings;
  // With AnalyzeOptions::keep_image: the image the faces were found in (it
  // may be the decoded image turned upright) and each face's crop points in it.
  cv::Mat analysed_image;
  std::vector<face::FacePoints> crop_points;
  // With capture_frame, when a face was found.
  face::Landmarks68 primary_points;
  std::optional<quality::QualityAssessor::PoseAndEyes> primary_motion;
  // With find_cards: a card outline was found (whether or not a face was on it).
  bool card_found = false;
};

Result<ImageAnalysis> AnalyzeImage(std::string_view bytes, const EngineConfig& config, const AnalyzeOptions& options,
                                   WorkerPool& pool);

}  // namespace idmatch::pipeline
