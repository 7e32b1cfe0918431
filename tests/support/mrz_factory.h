// MRZ text the tests compose themselves (ICAO 9303 layouts, check digits
// computed here independently of the parser under test).
#pragma once

#include <string>
#include <vector>

namespace idmatch::testing {

struct MrzIdentity {
  std::string document_code = "P";  // "P", "I", "ID", "AC"...
  std::string issuing_state = "UTO";
  std::string surname;
  std::string given_names;  // space separated
  std::string number;       // up to 9 characters
  std::string nationality = "UTO";
  std::string birth;   // YYMMDD
  std::string sex;     // "M", "F" or "<"
  std::string expiry;  // YYMMDD
  std::string optional;
};

int IcaoCheckDigit(const std::string& field);
std::vector<std::string> Td3Lines(const MrzIdentity& id);  // 2 x 44, passports
std::vector<std::string> Td2Lines(const MrzIdentity& id);  // 2 x 36
std::vector<std::string> Td1Lines(const MrzIdentity& id);  // 3 x 30, ID cards

// A handful of identities with varied names, numbers and dates (expiry after 2026).
const std::vector<MrzIdentity>& SampleMrzIdentities();

}  // namespace idmatch::testing
