// Reading ID documents without the face models: the PDF417 barcode (AAMVA)
// and the ICAO 9303 MRZ on photos of a document's sides, with the checks of
// docs/document.md. Engine::ReadDocument is the same read under the engine's
// configuration; this entry point serves tools that need no face models.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "idmatch/config.h"
#include "idmatch/status.h"
#include "idmatch/types.h"

namespace idmatch {

struct DocumentReadOptions {
  ImageLimits limits;  // every side is decoded under these
  int minimum_age = DocumentOptions{}.minimum_age;
  // The date the checks judge against, YYYY-MM-DD; empty = today (UTC).
  std::string today;
};

// The photos of one document's sides (front and back, in any order; one is
// enough). Errors: the first side's image error (status.h), kInvalidArgument
// for no sides or a bad minimum age, kDocumentNotRead when neither a barcode
// nor an MRZ could be read.
Result<DocumentRead> ReadDocument(const std::vector<std::string_view>& sides, const DocumentReadOptions& options);

}  // namespace idmatch
