// Phone photos of printed ID cards at a chosen portrait size (issue 20): the
// face photo printed as a licence's portrait in one of the ways ID cards are
// printed, the card laid on a table and photographed at 1280x960 from as far
// away as makes the portrait `portrait_height` pixels tall.
//
// Everything but the size is drawn from the seed, so a bin of one size holds a
// mix of print and capture conditions; CardCaptureConditions says which.
#pragma once

#include <array>
#include <opencv2/core.hpp>
#include <string>

namespace idmatch::testing {

enum class PrintStyle {
  kDyeSublimation,  // continuous tone, the dye spreads: a print blur of ~1 card pixel
  kHalftone,        // colour amplitude-modulated dots, 4 px cells at 300 dpi (75 lpi; CardPrintOptions)
  kLaserEngraved,   // greyscale with an ordered dither (polycarbonate cards)
  kQuantised,       // colour quantised to 6 levels per channel with error diffusion
};
const char* PrintStyleName(PrintStyle style);

// What the seed chose for one capture.
struct CardCaptureConditions {
  PrintStyle print = PrintStyle::kDyeSublimation;
  bool guilloche = false;   // fine security lines printed over the portrait
  bool glare = false;       // a specular patch over part of the portrait
  double tilt_degrees = 0;  // the card's tilt away from the camera (perspective)
  double rotation_degrees = 0;
  double defocus_sigma = 0;  // camera blur, photo pixels
  int jpeg_quality = 90;
};

struct CardCapture {
  std::string jpeg;  // the photo the phone sends, 1280x960
  CardCaptureConditions conditions;
  double portrait_height = 0;  // the portrait's height in the photo, pixels (as asked, before tilt)
  // The printed portrait's corners in the photo (top-left, top-right,
  // bottom-right, bottom-left): where the face the matcher should use is.
  std::array<cv::Point2f, 4> portrait_corners;
  std::array<cv::Point2f, 4> card_corners;  // the card's, in the same order
  // Where a point of the face photo (its pixels, centre-based) lands in the
  // capture: a homography, exact up to the print's and the camera's blur.
  // Maps a landmark found on the face photo to where it is on the card
  // (bench/card_landmarks: how far the landmarks found on the card are off).
  cv::Matx33d face_to_photo = cv::Matx33d::eye();
};

// `point` of the face photo mapped into the capture by face_to_photo.
cv::Point2f FacePointInCapture(const CardCapture& capture, cv::Point2f point);

inline constexpr int kCardCaptureWidth = 1280;
inline constexpr int kCardCaptureHeight = 960;
// Portrait sizes the factory can make: from a card 1/12 of the frame's height
// to one filling most of it.
inline constexpr double kMinCapturePortrait = 30;
inline constexpr double kMaxCapturePortrait = 400;

// How the card is printed, where a measurement asks for something other
// than the factory's defaults (the seed still chooses the print style).
struct CardPrintOptions {
  // Screen ruling of the colour halftone, lines per inch on the 300 dpi card
  // (cell = 300 / lpi card pixels). 75: a coarse newspaper-grade screen, the
  // factory's default and its harshest print; toner (laser-printer)
  // personalisation screens are finer, ~100-150 lpi.
  double halftone_lpi = 75;
};

// The portrait (BGR, card pixels at 300 dpi) as `style` prints it.
cv::Mat PrintPortrait(const cv::Mat& portrait, PrintStyle style, const CardPrintOptions& options = {});

// Deterministic for (face_photo, portrait_height, seed, print).
CardCapture CaptureCard(const cv::Mat& face_photo, double portrait_height, unsigned seed,
                        const CardPrintOptions& print = {});

}  // namespace idmatch::testing
