#include "document/fields.h"

#include <cctype>
#include <cstdlib>

namespace idmatch::document {
namespace {

// Whole years from `birth` to `today` (both YYYY-MM-DD).
int AgeOn(std::string_view birth, std::string_view today) {
  const int years =
      std::atoi(std::string(today.substr(0, 4)).c_str()) - std::atoi(std::string(birth.substr(0, 4)).c_str());
  return today.substr(5) < birth.substr(5) ? years - 1 : years;
}

// Upper-case letters and digits only.
std::string Normalised(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

std::optional<DocumentCheck> CheckConsistency(const std::vector<DocumentFields>& reads) {
  const DocumentFields* barcode = nullptr;
  const DocumentFields* mrz = nullptr;
  for (const auto& r : reads) {
    if (r.source == DocumentSource::kPdf417 && !barcode) barcode = &r;
    if (r.source == DocumentSource::kMrz && !mrz) mrz = &r;
  }
  if (!barcode || !mrz) return std::nullopt;
  DocumentCheck check{DocumentCheckKind::kBarcodeMrzConsistent, true, true, std::nullopt};
  auto differ = [](const std::string& a, const std::string& b) { return !a.empty() && !b.empty() && a != b; };
  const std::string bar_name = Normalised(barcode->family_name), mrz_name = Normalised(mrz->family_name);
  check.passed = !differ(Normalised(barcode->document_number), Normalised(mrz->document_number)) &&
                 !differ(barcode->birth_date, mrz->birth_date) && !differ(barcode->expiry_date, mrz->expiry_date) &&
                 !(!mrz_name.empty() && bar_name.rfind(mrz_name, 0) != 0);
  if (!check.passed) check.reason = Reason::kBarcodeMrzMismatch;
  return check;
}

DocumentFields FromAamva(const AamvaRecord& r) {
  DocumentFields f;
  f.source = DocumentSource::kPdf417;
  f.type = r.document_type;
  f.issuing_country = r.country;
  f.jurisdiction = r.state;
  f.family_name = r.family_name;
  f.given_names = r.given_names;
  f.name_suffix = r.name_suffix;
  f.birth_date = r.birth_date;
  f.expiry_date = r.expiry_date;
  f.issue_date = r.issue_date;
  f.document_number = r.customer_id;
  f.sex = r.sex;
  f.street = r.street;
  f.city = r.city;
  f.postal_code = r.postal_code;
  f.truncated_fields = r.truncated;
  f.raw = r.elements;
  f.warnings = r.warnings;
  return f;
}

DocumentFields FromMrz(const Mrz& m) {
  DocumentFields f;
  f.source = DocumentSource::kMrz;
  f.type = m.document_code;
  f.issuing_country = m.issuing_state;
  f.family_name = m.surname;
  f.given_names = m.given_names;
  f.birth_date = m.birth_date.iso;
  f.expiry_date = m.expiry_date.iso;
  f.document_number = m.document_number;
  f.sex = m.sex;
  for (size_t i = 0; i < m.lines.size(); ++i) f.raw["line" + std::to_string(i + 1)] = m.lines[i];
  f.mrz_checks_valid = m.all_checks_valid();
  for (const auto& r : m.repairs) {
    f.warnings.push_back("repaired line " + std::to_string(r.line + 1) + " column " + std::to_string(r.column + 1) +
                         " '" + std::string(1, r.from) + "' -> '" + std::string(1, r.to) + "' (" + r.reason + ")");
  }
  return f;
}

std::vector<DocumentCheck> CheckDocument(const DocumentFields& f, std::string_view today, int minimum_age) {
  std::vector<DocumentCheck> out;
  DocumentCheck expiry{DocumentCheckKind::kNotExpired, false, true, std::nullopt};
  if (!f.expiry_date.empty() && today.size() >= 10) {
    expiry.assessed = true;
    expiry.passed = f.expiry_date >= today.substr(0, 10);  // ISO dates compare as text
    if (!expiry.passed) expiry.reason = Reason::kDocumentExpired;
  }
  out.push_back(expiry);
  DocumentCheck age{DocumentCheckKind::kMinimumAge, false, true, std::nullopt};
  if (!f.birth_date.empty() && today.size() >= 10) {
    age.assessed = true;
    age.passed = AgeOn(f.birth_date, today) >= minimum_age;
    if (!age.passed) age.reason = Reason::kUnderMinimumAge;
  }
  out.push_back(age);
  if (f.source == DocumentSource::kMrz) {
    DocumentCheck digits{DocumentCheckKind::kCheckDigits, true, f.mrz_checks_valid, std::nullopt};
    if (!digits.passed) digits.reason = Reason::kMrzCheckDigitFailed;
    out.push_back(digits);
    // Assessed when the OCR said how sure it is of each field (photos; not
    // MRZ text given as such).
    DocumentCheck certain{DocumentCheckKind::kFieldsCertain, !f.field_confidence.empty(), f.uncertain_fields.empty(),
                          std::nullopt};
    if (!certain.passed) certain.reason = Reason::kMrzFieldUncertain;
    out.push_back(certain);
  }
  return out;
}

}  // namespace idmatch::document
