// A liveness capture through the face models: every frame decoded and
// analysed (primary face, 68 landmarks, signed pose, eye state, passive
// liveness, embedding), two frames at a time, then judged by
// liveness::JudgeCapture.
//
// Thread contract: as Engine (any thread; model sets are leased per frame).
#pragma once

#include <functional>

#include "idmatch/liveness.h"
#include "idmatch/status.h"
#include "pipeline/analyze.h"
#include "pipeline/task_runner.h"

namespace idmatch::pipeline {

// Analyses one frame as the engine does any image (errors already mapped).
using AnalyzeFrameFn = std::function<Result<ImageAnalysis>(std::string_view bytes, const AnalyzeOptions& what)>;

struct CaptureSetup {
  const EngineConfig& config;
  const CaptureRules& rules;
  AnalyzeFrameFn analyze;
  TaskRunner& helpers;  // runs every second frame
};

// Errors: kMissingField (no frames or no actions), kInvalidArgument (more
// frames than rules.max_frames, a timestamp count that is not the frame
// count), kImageTooSmall (a frame under rules.min_frame_side), and any
// frame's image error with "frame N: " before its message.
Result<CaptureResult> AssessCapture(const CaptureRequest& request, const CaptureSetup& setup);

}  // namespace idmatch::pipeline
