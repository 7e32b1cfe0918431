// One shape for what any document reader found (PDF417/AAMVA now, the MRZ
// once it is read from photos), and the checks run on it.
//
// Thread contract: pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "document/aamva.h"
#include "document/mrz.h"
#include "idmatch/types.h"

namespace idmatch::document {

using idmatch::DocumentFields;

DocumentFields FromAamva(const AamvaRecord& record);
DocumentFields FromMrz(const Mrz& mrz);

using idmatch::DocumentCheck;

// `today`: YYYY-MM-DD. `minimum_age`: years (18 by default at the callers).
std::vector<DocumentCheck> CheckDocument(const DocumentFields& fields, std::string_view today, int minimum_age);

// "barcode_mrz_consistent" when `reads` hold both a barcode and an MRZ read:
// document number (spaces, '-' and '<' ignored), birth and expiry dates, and
// family name (the MRZ's may be truncated: a prefix agrees) must agree, else
// BARCODE_MRZ_MISMATCH. nullopt when there is nothing to compare.
std::optional<DocumentCheck> CheckConsistency(const std::vector<DocumentFields>& reads);

}  // namespace idmatch::document
