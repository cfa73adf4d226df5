// Ridge / pseudo-inverse helper against its LU reference twin.
#include <catch2/catch.hpp>

#include <Eigen/Core>

#include "trainer/linalg.hpp"

using namespace spikeforge;

namespace {
constexpr double kInverseTol = 1e-4;  // float result of a well-conditioned (cond < 10³) double inverse
}

TEST_CASE("spd_inverse equals the LU reference for gamma > 0", "[linalg]") {
  const Eigen::MatrixXd a = Eigen::MatrixXd::Random(6, 9);
  const Eigen::MatrixXd g = a * a.transpose();
  const Eigen::MatrixXf fast = trainer::spd_inverse(g, 0.3);
  const Eigen::MatrixXf ref = trainer::spd_inverse_reference(g, 0.3);
  CHECK((fast - ref).cwiseAbs().maxCoeff() < static_cast<float>(kInverseTol));
}

TEST_CASE("spd_inverse with gamma = 0 is the Moore-Penrose pseudo-inverse", "[linalg]") {
  const Eigen::MatrixXd a = Eigen::MatrixXd::Random(5, 2);
  const Eigen::MatrixXd g = a * a.transpose();  // rank 2
  const Eigen::MatrixXd pinv = trainer::spd_inverse(g, 0.0).cast<double>();
  CHECK((g * pinv * g - g).cwiseAbs().maxCoeff() < kInverseTol);
  CHECK((pinv * g * pinv - pinv).cwiseAbs().maxCoeff() < kInverseTol);
  CHECK((pinv - pinv.transpose()).cwiseAbs().maxCoeff() < kInverseTol);
}
