// lif_datapath: the one shared LIF neuron update (combinational), bit-exact with the golden model
// (quantizer/golden.hpp) and Lava's bit-accurate LIF (docs/fixed-point.md):
//   a    = weight_exp >= 0 ? acc << weight_exp : acc >>> -weight_exp
//   u'   = wrap24(trunc12(u * (4096 - (du + 1))) + (a << 6))     single wrap: > 2^23 -> -2^24,
//                                                                <= -2^23 -> +2^24; stored as 32 bits
//   v'   = sat24(trunc12(v * (4096 - dv)) + u' + (bias_mant << bias_exp)
//                - (reset_subtract && s_prev ? vth << 6 : 0))
//   spike = spiking && v' > (vth << 6);  reset zero: v' = 0 on a spike
// trunc12(x) = x / 4096 rounded toward zero. `active` is the golden model's updates_active test
// (on the state before the update). Widths: intermediates are wide enough that no value a valid
// FixedNetwork can produce overflows (acc <= 2^23 in magnitude: fan-in <= 2^15 inputs of |w| <= 256).
module lif_datapath #(
  parameter int ACC_W = 24  // accumulator width (signed)
) (
  input  logic signed [31:0]      u_in,            // current state u (as the golden model stores it: int32)
  input  logic signed [23:0]      v_in,            // voltage state v (24-bit, saturating)
  input  logic                    s_prev,          // spiked at the previous step
  input  logic signed [ACC_W-1:0] acc,             // sum of the weights of this step's input events
  input  logic                    had_syn,         // the layer had >= 1 input event this step
  input  logic signed [12:0]      bias_mant,       // per-neuron bias mantissa
  input  logic        [2:0]       bias_exp,
  input  logic signed [3:0]       weight_exp,      // -8..7
  input  logic        [11:0]      du,
  input  logic        [11:0]      dv,
  input  logic        [16:0]      vth,             // threshold mantissa (compared as vth << 6)
  input  logic                    reset_subtract,  // 1: subtract vth << 6 at the next step; 0: zero v on spike
  input  logic                    spiking,         // 0: output integrator (never spikes)
  output logic signed [31:0]      u_out,
  output logic signed [23:0]      v_out,
  output logic                    spike,
  output logic                    active
);
  localparam logic signed [47:0] WrapHigh = 48'sd8388608;    // 2^23
  localparam logic signed [47:0] WrapSpan = 48'sd16777216;   // 2^24
  localparam logic signed [39:0] VMax = 40'sd8388607;        // 2^23 - 1

  // Synaptic input a, then a << 6.
  logic signed [47:0] acc_w, a_w, a64;
  logic        [3:0]  exp_neg;
  assign acc_w   = 48'(acc);
  assign exp_neg = 4'(-weight_exp);
  assign a_w     = weight_exp[3] ? (acc_w >>> exp_neg) : (acc_w <<< weight_exp[2:0]);
  assign a64     = a_w <<< 6;

  // Current: decay with the fixed +1 offset, truncate toward zero, add input, wrap once.
  logic        [11:0] u_keep;
  logic signed [44:0] u_prod;
  logic signed [44:0] u_rnd;
  logic signed [47:0] u_dec, u_sum, u_wrap;
  assign u_keep = 12'(12'd4095 - du);
  assign u_prod = 45'(u_in) * 45'($signed({1'b0, u_keep}));
  assign u_rnd  = u_prod + (u_prod < 0 ? 45'sd4095 : 45'sd0);  // bias toward zero before the shift
  assign u_dec  = 48'(u_rnd) >>> 12;
  assign u_sum  = u_dec + a64;
  always_comb begin
    if (u_sum > WrapHigh) u_wrap = u_sum - WrapSpan;
    else if (u_sum <= -WrapHigh) u_wrap = u_sum + WrapSpan;
    else u_wrap = u_sum;
  end
  assign u_out = u_wrap[31:0];

  // Voltage: decay, add the new current, bias and the subtractive reset, saturate to 24 bits.
  logic        [12:0] v_keep;
  logic signed [37:0] v_prod;
  logic signed [37:0] v_rnd;
  logic signed [39:0] v_dec, bias_w, vth64, v_sum, v_sat;
  assign v_keep = 13'(13'd4096 - {1'b0, dv});
  assign v_prod = 38'(v_in) * 38'($signed({1'b0, v_keep}));
  assign v_rnd  = v_prod + (v_prod < 0 ? 38'sd4095 : 38'sd0);
  assign v_dec  = 40'(v_rnd) >>> 12;
  assign bias_w = 40'(bias_mant) <<< bias_exp;
  assign vth64  = $signed({17'd0, vth, 6'd0});
  assign v_sum  = v_dec + 40'(u_out) + bias_w - ((reset_subtract && s_prev) ? vth64 : 40'sd0);
  always_comb begin
    if (v_sum > VMax) v_sat = VMax;
    else if (v_sum < -VMax) v_sat = -VMax;
    else v_sat = v_sum;
  end

  assign spike  = spiking && (v_sat > vth64);
  assign v_out  = (spike && !reset_subtract) ? 24'sd0 : v_sat[23:0];
  // u' keeps the golden model's int32 storage; v' fits 24 bits after saturation.
  logic unused_high;
  assign unused_high = ^{u_wrap[47:32], v_sat[39:24]};
  assign active = had_syn || (u_in != 0) || (v_in != 0) || (bias_mant != 0) || (reset_subtract && s_prev);
endmodule
