// One shape for what any document reader found (PDF417/AAMVA now, the MRZ
// once it is read from photos), and the checks run on it.
//
// Thread contract: pure functions.
#pragma once

#include <map>
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

}  // namespace idmatch::document
