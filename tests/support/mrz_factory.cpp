#include "mrz_factory.h"

#include <algorithm>

namespace idmatch::testing {
namespace {

std::string Pad(std::string s, size_t width) {
  std::replace(s.begin(), s.end(), ' ', '<');
  s.resize(width, '<');
  return s;
}

std::string Name(const MrzIdentity& id, size_t width) { return Pad(id.surname + "<<" + id.given_names, width); }

std::string Digit(const std::string& field) { return std::to_string(IcaoCheckDigit(field)); }

}  // namespace

int IcaoCheckDigit(const std::string& field) {
  static const int kWeights[3] = {7, 3, 1};
  int sum = 0;
  for (size_t i = 0; i < field.size(); ++i) {
    const char c = field[i];
    const int v = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : 0;
    sum += v * kWeights[i % 3];
  }
  return sum % 10;
}

std::vector<std::string> Td3Lines(const MrzIdentity& id) {
  const std::string number = Pad(id.number, 9), optional = Pad(id.optional, 14);
  const std::string optional_check = id.optional.empty() ? "<" : Digit(optional);
  std::string line2 = number + Digit(number) + id.nationality + id.birth + Digit(id.birth) + id.sex + id.expiry +
                      Digit(id.expiry) + optional + optional_check;
  line2 += Digit(line2.substr(0, 10) + line2.substr(13, 7) + line2.substr(21, 22));
  return {Pad(id.document_code, 2) + id.issuing_state + Name(id, 39), line2};
}

std::vector<std::string> Td2Lines(const MrzIdentity& id) {
  const std::string number = Pad(id.number, 9), optional = Pad(id.optional, 7);
  std::string line2 = number + Digit(number) + id.nationality + id.birth + Digit(id.birth) + id.sex + id.expiry +
                      Digit(id.expiry) + optional;
  line2 += Digit(line2.substr(0, 10) + line2.substr(13, 7) + line2.substr(21, 14));
  return {Pad(id.document_code, 2) + id.issuing_state + Name(id, 31), line2};
}

std::vector<std::string> Td1Lines(const MrzIdentity& id) {
  const std::string number = Pad(id.number, 9);
  const std::string line1 = Pad(id.document_code, 2) + id.issuing_state + number + Digit(number) + Pad(id.optional, 15);
  std::string line2 = id.birth + Digit(id.birth) + id.sex + id.expiry + Digit(id.expiry) + id.nationality + Pad("", 11);
  line2 += Digit(line1.substr(5, 25) + line2.substr(0, 7) + line2.substr(8, 7) + line2.substr(18, 11));
  return {line1, line2, Name(id, 30)};
}

const std::vector<MrzIdentity>& SampleMrzIdentities() {
  static const std::vector<MrzIdentity> kIds = {
      {"P", "UTO", "ERIKSSON", "ANNA MARIA", "L898902C3", "UTO", "740812", "F", "320415", "ZE184226B"},
      {"P", "D<<", "MUSTERMANN", "ERIKA", "C01X00T47", "D<<", "830812", "F", "310731", ""},
      {"I", "FRA", "MARTIN", "JEAN PIERRE", "X4RTBPFW4", "FRA", "900101", "M", "300101", ""},
      {"ID", "NLD", "DE BRUIJN", "WILLEKE LISELOTTE", "SPECI2021", "NLD", "650310", "F", "310802", "999999990"},
      {"P", "GBR", "O BRIEN", "SEAN", "925665416", "GBR", "020229", "M", "291130", ""},
      {"I", "ESP", "GARCIA LOPEZ", "MARIA JOSE", "BAA000589", "ESP", "791125", "F", "280616", "99999999R"},
  };
  return kIds;
}

}  // namespace idmatch::testing
