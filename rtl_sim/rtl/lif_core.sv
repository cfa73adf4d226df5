// lif_core: a time-multiplexed, event-driven LIF core (ODIN-style): one shared LIF datapath, a
// weight SRAM, a neuron-state SRAM (u, v, last spike), a bias SRAM, per-layer parameter
// registers and a per-neuron accumulator file. Layers run one after another inside a timestep;
// the spikes of layer l are the input events of layer l+1 in the same step (no inter-layer delay),
// exactly like the golden model (quantizer/golden.hpp).
//
// Protocol (one sample):
//   1. load    ld_valid/ld_sel/ld_addr/ld_data write the memories (sel 0 weight, 1 bias,
//              2 layer geometry, 3 layer neuron parameters, 4 config); layout: docs/formats-rtl.md.
//   2. clear   a one-cycle pulse in idle zeroes the neuron state and accumulators (one word per
//              cycle, `clear_count` cycles) and the event counters. Required after reset.
//   3. per step: input events (in_valid/in_ready, in_neuron = AER address of a spiking input,
//              one per cycle, sorted and unique), then a one-cycle `tick` pulse closes the step:
//              for each layer, each input event adds its weight column to the accumulators
//              (1 cycle per synaptic op), then every neuron is updated (1 cycle per neuron,
//              2-stage pipeline: read state, then compute and write back). Spikes leave on
//              out_valid/out_ready as (layer, neuron); a full output register stalls the update.
//              `done` pulses for one cycle when the last layer is finished.
// Cycle cost of a step: Σ_layers (2 + 3·events + synaptic_ops + neurons + 1) + input events.
// The mon_* port shows every neuron-state write (the value the next clock edge commits) so a
// harness can compare u and v without reaching into the model.
module lif_core #(
  parameter int LAYER_AW  = 3,   // max layers          = 2^LAYER_AW
  parameter int NEURON_AW = 10,  // max neurons / layer = 2^NEURON_AW
  parameter int INPUT_AW  = 12,  // max events / layer  = 2^INPUT_AW (fan-in)
  parameter int STATE_AW  = 13,  // max neurons total   = 2^STATE_AW
  parameter int WEIGHT_AW = 20,  // max synapses total  = 2^WEIGHT_AW
  parameter int WEIGHT_W  = 9,   // weight word, signed (effective weights in [-256, 255])
  parameter int ACC_W     = 24   // accumulator, signed
) (
  input  logic                 clk,
  input  logic                 rst_n,
  // Load port (memories and parameters).
  input  logic                 ld_valid,
  input  logic [2:0]           ld_sel,
  input  logic [31:0]          ld_addr,
  input  logic [63:0]          ld_data,
  // Control.
  input  logic                 clear,
  input  logic                 tick,
  output logic                 idle,
  output logic                 done,
  // Input events (AER).
  input  logic                 in_valid,
  input  logic [INPUT_AW-1:0]  in_neuron,
  output logic                 in_ready,
  // Output spikes.
  output logic                 out_valid,
  output logic [LAYER_AW-1:0]  out_layer,
  output logic [NEURON_AW-1:0] out_neuron,
  input  logic                 out_ready,
  // State-write monitor (debug read port).
  output logic                 mon_valid,
  output logic [LAYER_AW-1:0]  mon_layer,
  output logic [NEURON_AW-1:0] mon_neuron,
  output logic [31:0]          mon_u,
  output logic [23:0]          mon_v,
  output logic                 mon_spike,
  // Event counters (cleared by `clear`).
  output logic [31:0]          cnt_cycles,
  output logic [31:0]          cnt_sops,
  output logic [31:0]          cnt_upd_active,
  output logic [31:0]          cnt_upd_idle,
  output logic [31:0]          cnt_spikes,
  output logic [31:0]          cnt_wmem_reads,
  output logic [31:0]          cnt_smem_reads,
  output logic [31:0]          cnt_smem_writes,
  // Size limits of this build (constants).
  output logic [31:0]          lim_layers,
  output logic [31:0]          lim_neurons,
  output logic [31:0]          lim_inputs,
  output logic [31:0]          lim_state,
  output logic [31:0]          lim_weights
);
  localparam int NumLayers = 1 << LAYER_AW;
  localparam int StateW    = 32 + 24 + 1;  // {s_prev, v, u}

  typedef enum logic [2:0] {
    S_IDLE, S_CLEAR, S_LAYER, S_EV_FETCH, S_EV_BASE, S_ACC, S_UPD, S_NEXT
  } state_t;
  state_t state;

  assign lim_layers  = 32'(NumLayers);
  assign lim_neurons = 32'(1 << NEURON_AW);
  assign lim_inputs  = 32'(1 << INPUT_AW);
  assign lim_state   = 32'(1 << STATE_AW);
  assign lim_weights = 32'(1 << WEIGHT_AW);

  // ---------------------------------------------------------------- configuration registers
  logic [LAYER_AW:0]    num_layers;
  logic [STATE_AW:0]    clear_count;
  logic [NEURON_AW:0]   p_nout  [0:NumLayers-1];
  logic [WEIGHT_AW-1:0] p_wbase [0:NumLayers-1];
  logic [STATE_AW-1:0]  p_sbase [0:NumLayers-1];
  logic [49:0]          p_neur  [0:NumLayers-1];  // {spiking, subtract, bias_exp, weight_exp, vth, dv, du}

  logic ld_geom, ld_neur, ld_cfg;
  assign ld_geom = ld_valid && ld_sel == 3'd2;
  assign ld_neur = ld_valid && ld_sel == 3'd3;
  assign ld_cfg  = ld_valid && ld_sel == 3'd4;

  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      num_layers  <= '0;
      clear_count <= '0;
      for (int i = 0; i < NumLayers; i++) begin
        p_nout[i]  <= '0;
        p_wbase[i] <= '0;
        p_sbase[i] <= '0;
        p_neur[i]  <= '0;
      end
    end else begin
      if (ld_cfg) begin
        num_layers  <= ld_data[LAYER_AW:0];
        clear_count <= ld_data[16 +: STATE_AW + 1];
      end
      if (ld_geom) begin
        p_nout[ld_addr[LAYER_AW-1:0]]  <= ld_data[NEURON_AW:0];
        p_wbase[ld_addr[LAYER_AW-1:0]] <= ld_data[16 +: WEIGHT_AW];
        p_sbase[ld_addr[LAYER_AW-1:0]] <= ld_data[40 +: STATE_AW];
      end
      if (ld_neur) p_neur[ld_addr[LAYER_AW-1:0]] <= ld_data[49:0];
    end
  end

  // ---------------------------------------------------------------- current-layer registers
  logic [LAYER_AW-1:0]  layer;
  logic [NEURON_AW:0]   cur_nout;
  logic [WEIGHT_AW-1:0] cur_wbase;
  logic [STATE_AW-1:0]  cur_sbase;
  logic [49:0]          cur_neur;
  logic [INPUT_AW:0]    in_count, ev_count, ev_idx, spk_count;
  logic [STATE_AW:0]    clr_idx;
  logic [NEURON_AW:0]   n;
  logic [WEIGHT_AW-1:0] ev_base;

  // ---------------------------------------------------------------- memories
  logic                   ev_we, ev_re;
  logic [INPUT_AW:0]      ev_waddr, ev_raddr;
  logic [INPUT_AW-1:0]    ev_wdata, ev_rdata;
  sf_ram #(.AW(INPUT_AW + 1), .DW(INPUT_AW)) u_events (
    .clk, .we(ev_we), .waddr(ev_waddr), .wdata(ev_wdata), .re(ev_re), .raddr(ev_raddr), .rdata(ev_rdata));

  logic                   w_re;
  logic [WEIGHT_AW-1:0]   w_raddr;
  logic [WEIGHT_W-1:0]    w_rdata;
  sf_ram #(.AW(WEIGHT_AW), .DW(WEIGHT_W)) u_weights (
    .clk, .we(ld_valid && ld_sel == 3'd0), .waddr(ld_addr[WEIGHT_AW-1:0]), .wdata(ld_data[WEIGHT_W-1:0]),
    .re(w_re), .raddr(w_raddr), .rdata(w_rdata));

  logic                   s_we, s_re;
  logic [STATE_AW-1:0]    s_waddr, s_raddr;
  logic [StateW-1:0]      s_wdata, s_rdata;
  sf_ram #(.AW(STATE_AW), .DW(StateW)) u_state (
    .clk, .we(s_we), .waddr(s_waddr), .wdata(s_wdata), .re(s_re), .raddr(s_raddr), .rdata(s_rdata));

  logic [12:0]            b_rdata;
  sf_ram #(.AW(STATE_AW), .DW(13)) u_bias (
    .clk, .we(ld_valid && ld_sel == 3'd1), .waddr(ld_addr[STATE_AW-1:0]), .wdata(ld_data[12:0]),
    .re(s_re), .raddr(s_raddr), .rdata(b_rdata));

  logic                   a_we;
  logic [NEURON_AW-1:0]   a_waddr, a_raddr;
  logic [ACC_W-1:0]       a_wdata, a_rdata;
  sf_ram_async #(.AW(NEURON_AW), .DW(ACC_W)) u_acc (
    .clk, .we(a_we), .waddr(a_waddr), .wdata(a_wdata), .raddr(a_raddr), .rdata(a_rdata));

  // ---------------------------------------------------------------- pipelines
  // Accumulate: stage 0 reads the weight of (event, n); stage 1 adds it into acc[n].
  logic                 p_valid;
  logic [NEURON_AW-1:0] p_n;
  // Update: stage 0 reads state and bias of neuron n; stage 1 computes and writes back.
  logic                 q_valid;
  logic [NEURON_AW-1:0] q_n;

  logic signed [31:0] dp_u;
  logic signed [23:0] dp_v;
  logic               dp_spike, dp_active;
  lif_datapath #(.ACC_W(ACC_W)) u_dp (
    .u_in(s_rdata[31:0]), .v_in(s_rdata[55:32]), .s_prev(s_rdata[56]),
    .acc(a_rdata), .had_syn(ev_count != '0), .bias_mant(b_rdata),
    .du(cur_neur[11:0]), .dv(cur_neur[23:12]), .vth(cur_neur[40:24]), .weight_exp(cur_neur[44:41]),
    .bias_exp(cur_neur[47:45]), .reset_subtract(cur_neur[48]), .spiking(cur_neur[49]),
    .u_out(dp_u), .v_out(dp_v), .spike(dp_spike), .active(dp_active));

  logic stall, commit, acc_issue, upd_issue, upd_last;
  assign stall     = q_valid && dp_spike && out_valid && !out_ready;
  assign commit    = q_valid && !stall;
  assign acc_issue = state == S_ACC;
  assign upd_issue = state == S_UPD && n != cur_nout && !stall;
  assign upd_last  = state == S_UPD && n == cur_nout && (!q_valid || commit);

  // Event buffer: input events write half 0; layer l reads half l[0] and writes its spikes to
  // the other half, which layer l+1 reads.
  assign in_ready = state == S_IDLE && !clear && !tick && !in_count[INPUT_AW];
  assign ev_we    = (in_valid && in_ready) || (commit && dp_spike);
  assign ev_waddr = (state == S_IDLE) ? {1'b0, in_count[INPUT_AW-1:0]}
                                      : {~layer[0], spk_count[INPUT_AW-1:0]};
  assign ev_wdata = (state == S_IDLE) ? in_neuron : INPUT_AW'(q_n);
  assign ev_re    = state == S_EV_FETCH;
  assign ev_raddr = {layer[0], ev_idx[INPUT_AW-1:0]};

  assign w_re    = acc_issue;
  assign w_raddr = ev_base + WEIGHT_AW'(n);

  assign s_re    = upd_issue;
  assign s_raddr = cur_sbase + STATE_AW'(n);
  assign s_we    = (state == S_CLEAR) || commit;
  assign s_waddr = (state == S_CLEAR) ? clr_idx[STATE_AW-1:0] : cur_sbase + STATE_AW'(q_n);
  assign s_wdata = (state == S_CLEAR) ? '0 : {dp_spike, dp_v, dp_u};

  assign a_raddr = p_valid ? p_n : q_n;
  assign a_we    = (state == S_CLEAR && clr_idx < (STATE_AW + 1)'(1 << NEURON_AW)) || p_valid || commit;
  assign a_waddr = (state == S_CLEAR) ? clr_idx[NEURON_AW-1:0] : (p_valid ? p_n : q_n);
  assign a_wdata = p_valid ? a_rdata + ACC_W'($signed(w_rdata)) : '0;

  assign mon_valid  = commit;
  assign mon_layer  = layer;
  assign mon_neuron = q_n;
  assign mon_u      = dp_u;
  assign mon_v      = dp_v;
  assign mon_spike  = dp_spike;
  assign idle       = state == S_IDLE;

  logic unused_bits;
  assign unused_bits = ^{ld_addr[31:WEIGHT_AW], ld_data[63:50]};

  // ---------------------------------------------------------------- control FSM
  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      state     <= S_IDLE;
      layer     <= '0;
      cur_nout  <= '0;
      cur_wbase <= '0;
      cur_sbase <= '0;
      cur_neur  <= '0;
      in_count  <= '0;
      ev_count  <= '0;
      ev_idx    <= '0;
      spk_count <= '0;
      clr_idx   <= '0;
      n         <= '0;
      ev_base   <= '0;
      p_valid   <= 1'b0;
      p_n       <= '0;
      q_valid   <= 1'b0;
      q_n       <= '0;
      done      <= 1'b0;
    end else begin
      done    <= 1'b0;
      p_valid <= acc_issue;
      p_n     <= n[NEURON_AW-1:0];
      if (upd_issue) begin
        q_valid <= 1'b1;
        q_n     <= n[NEURON_AW-1:0];
      end else if (commit) begin
        q_valid <= 1'b0;
      end
      if (commit && dp_spike) spk_count <= spk_count + 1'b1;

      unique case (state)
        S_IDLE: begin
          if (clear) begin
            clr_idx  <= '0;
            in_count <= '0;
            state    <= S_CLEAR;
          end else if (tick) begin
            layer    <= '0;
            ev_count <= in_count;
            in_count <= '0;
            if (num_layers == '0) done <= 1'b1;
            else state <= S_LAYER;
          end else if (in_valid && in_ready) begin
            in_count <= in_count + 1'b1;
          end
        end
        S_CLEAR: begin
          clr_idx <= clr_idx + 1'b1;
          if (clr_idx + 1'b1 >= clear_count) state <= S_IDLE;
        end
        S_LAYER: begin
          cur_nout  <= p_nout[layer];
          cur_wbase <= p_wbase[layer];
          cur_sbase <= p_sbase[layer];
          cur_neur  <= p_neur[layer];
          n         <= '0;
          ev_idx    <= '0;
          spk_count <= '0;
          state     <= (ev_count != '0) ? S_EV_FETCH : S_UPD;
        end
        S_EV_FETCH: state <= S_EV_BASE;
        S_EV_BASE: begin
          ev_base <= cur_wbase + WEIGHT_AW'(32'(ev_rdata) * 32'(cur_nout));
          n       <= '0;
          state   <= S_ACC;
        end
        S_ACC: begin
          if (n + 1'b1 == cur_nout) begin
            n      <= '0;
            ev_idx <= ev_idx + 1'b1;
            state  <= (ev_idx + 1'b1 == ev_count) ? S_UPD : S_EV_FETCH;
          end else begin
            n <= n + 1'b1;
          end
        end
        S_UPD: begin
          if (upd_issue) n <= n + 1'b1;
          if (upd_last) state <= S_NEXT;
        end
        S_NEXT: begin
          if (32'(layer) + 1 == 32'(num_layers)) begin
            done  <= 1'b1;
            state <= S_IDLE;
          end else begin
            layer    <= layer + 1'b1;
            ev_count <= spk_count;
            state    <= S_LAYER;
          end
        end
        default: state <= S_IDLE;
      endcase
    end
  end

  // ---------------------------------------------------------------- output spikes
  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      out_valid  <= 1'b0;
      out_layer  <= '0;
      out_neuron <= '0;
    end else if (commit && dp_spike) begin
      out_valid  <= 1'b1;
      out_layer  <= layer;
      out_neuron <= q_n;
    end else if (out_ready) begin
      out_valid <= 1'b0;
    end
  end

  // ---------------------------------------------------------------- event counters
  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      cnt_cycles      <= '0;
      cnt_sops        <= '0;
      cnt_upd_active  <= '0;
      cnt_upd_idle    <= '0;
      cnt_spikes      <= '0;
      cnt_wmem_reads  <= '0;
      cnt_smem_reads  <= '0;
      cnt_smem_writes <= '0;
    end else if (state == S_IDLE && clear) begin
      cnt_cycles      <= '0;
      cnt_sops        <= '0;
      cnt_upd_active  <= '0;
      cnt_upd_idle    <= '0;
      cnt_spikes      <= '0;
      cnt_wmem_reads  <= '0;
      cnt_smem_reads  <= '0;
      cnt_smem_writes <= '0;
    end else begin
      if (state != S_IDLE || (in_valid && in_ready)) cnt_cycles <= cnt_cycles + 1'b1;
      if (acc_issue) begin
        cnt_sops       <= cnt_sops + 1'b1;
        cnt_wmem_reads <= cnt_wmem_reads + 1'b1;
      end
      if (upd_issue) cnt_smem_reads <= cnt_smem_reads + 1'b1;
      if (s_we) cnt_smem_writes <= cnt_smem_writes + 1'b1;
      if (commit) begin
        if (dp_active) cnt_upd_active <= cnt_upd_active + 1'b1;
        else cnt_upd_idle <= cnt_upd_idle + 1'b1;
        if (dp_spike) cnt_spikes <= cnt_spikes + 1'b1;
      end
    end
  end
endmodule
