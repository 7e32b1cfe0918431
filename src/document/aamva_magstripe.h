// The magnetic-stripe form of the AAMVA DL/ID record (Card Design Standard
// annex F), as card swipers and some PDF417 test suites deliver it: track 1
// "%" state, city "^", name "FAMILY$GIVEN$MIDDLE^", address "^" "?"; track 2
// ";" IIN, licence number "=" expiry YYMM, birth date CCYYMMDD, number
// overflow "?"; track 3 "#", CDS and jurisdiction versions, postal code (11),
// class (2), restrictions (10), endorsements (4), sex, height, weight, hair,
// eyes. Internal to the AAMVA parser (aamva.h).
//
// Thread contract: pure functions.
#pragma once

#include <string_view>

#include "document/aamva.h"

namespace idmatch::document {

// True when `data` looks like stripe tracks (a "%" track 1 with '^' fields,
// or a ";" track 2 with an AAMVA IIN).
bool LooksLikeAamvaMagstripe(std::string_view data);

// The record with file_type "MAGSTRIPE", document_type "DL", elements keyed
// "MS.<name>" (track fields as read). kInvalidArgument when track 2 (the
// number and dates) is missing.
Result<AamvaRecord> ParseAamvaMagstripe(std::string_view data);

}  // namespace idmatch::document
